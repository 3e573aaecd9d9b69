"""Webhooks over HTTPS to a real TLS receiver on loopback, with certificates made in the test: a
certificate for another name is refused, the right one (same trusted issuer) is delivered to."""

import datetime
import ipaddress
import ssl
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.utils import timezone

from integrations import delivery, services
from integrations.models import WebhookDelivery, WebhookEvent

pytestmark = pytest.mark.django_db


def self_signed(directory: Path, *, dns: str | None = None, ip: str | None = None) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, dns or ip)])
    alt = [x509.DNSName(dns)] if dns else [x509.IPAddress(ipaddress.ip_address(ip))]
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(alt), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def tls_receiver(settings):
    def start(**name):
        directory = Path(tempfile.mkdtemp(prefix="webhook-tls-"))
        cert, key = self_signed(directory, **name)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started.append(server)
        # The receiver's certificate is trusted as an issuer, so only its name decides.
        settings.INTEGRATIONS_WEBHOOK_CA_FILE = str(cert)
        return f"https://127.0.0.1:{server.server_port}/hook"

    started = []
    yield start
    for server in started:
        server.shutdown()
        server.server_close()


def queue_one(org_admin, organisation, url):
    services.create_webhook(organisation=organisation, by=org_admin, url=url, events=[WebhookEvent.ROUTED])
    services.enqueue_event(organisation_id=organisation.pk, event=WebhookEvent.ROUTED, payload={"x": 1})
    return WebhookDelivery.objects.get()


def test_a_certificate_for_another_name_is_refused(tls_receiver, org_admin, organisation):
    url = tls_receiver(dns="wrong.example")
    queued = queue_one(org_admin, organisation, url)
    assert delivery.send_due() == (0, 1)
    attempt = queued.tries.get()
    assert attempt.status_code is None
    assert "certificate" in attempt.error.lower() or "mismatch" in attempt.error.lower()
    queued.refresh_from_db()
    assert queued.status == WebhookDelivery.Status.PENDING and queued.next_attempt_at > timezone.now()


def test_a_certificate_for_the_right_name_is_delivered_to(tls_receiver, org_admin, organisation):
    url = tls_receiver(ip="127.0.0.1")
    queue_one(org_admin, organisation, url)
    assert delivery.send_due() == (1, 0)
