"""The weekly round's area ratings (lugnt, viss oro, oroligt, allvarligt) and the signals they raise."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from partners.models import AuditEvent
from realtime.models import Notification
from situation import selectors, services
from situation.models import AreaFollow, AreaRating, RatingSignal, ReportingDuty, WeeklyCheckIn
from situation.weeks import IsoWeek
from tests.partners.factories import AreaFactory

pytestmark = pytest.mark.django_db

WEEK = IsoWeek.current()


@pytest.fixture
def reporter(organisation, member):
    ReportingDuty.objects.create(organisation=organisation, user=member)
    return member


@pytest.fixture
def area():
    return AreaFactory(name="Jordbro")


def _rate(by, organisation, area, level, week=WEEK, comment=""):
    return services.rate_area(
        by=by, organisation=organisation, area=area, week=week, level=level, comment=comment
    )


def test_reporter_rates_an_area_with_a_comment(reporter, organisation, area):
    rating = _rate(reporter, organisation, area, AreaRating.Level.SOME_CONCERN, comment="Mopeder på torget")
    assert (rating.level, rating.comment, rating.rated_by) == (2, "Mopeder på torget", reporter)
    assert AuditEvent.objects.filter(action="area_rating.rate").exists()


def test_rating_again_the_same_week_replaces_the_first(reporter, organisation, area):
    _rate(reporter, organisation, area, AreaRating.Level.CALM)
    _rate(reporter, organisation, area, AreaRating.Level.TROUBLED)
    assert list(AreaRating.objects.values_list("level", flat=True)) == [3]


def test_a_member_who_is_not_a_reporter_cannot_rate(member, organisation, area):
    with pytest.raises(PermissionDenied):
        _rate(member, organisation, area, AreaRating.Level.CALM)


def test_a_rating_off_the_scale_is_refused(reporter, organisation, area):
    with pytest.raises(ValidationError):
        _rate(reporter, organisation, area, 5)
    assert not AreaRating.objects.exists()


def test_a_future_week_cannot_be_rated(reporter, organisation, area):
    with pytest.raises(ValidationError):
        _rate(reporter, organisation, area, AreaRating.Level.CALM, week=WEEK.shifted(1))


def test_serious_raises_a_signal_told_to_coordinators_and_followers(
    reporter, organisation, area, coordinator, outsider
):
    AreaFollow.objects.create(user=outsider, area=area)
    _rate(reporter, organisation, area, AreaRating.Level.SERIOUS)
    signal = RatingSignal.objects.get()
    assert signal.reason == RatingSignal.Reason.SERIOUS
    for person in (coordinator, outsider):
        assert Notification.objects.filter(recipient=person, kind="situation.rating").exists()


def test_rising_two_steps_within_two_weeks_raises_a_signal_in_words(
    reporter, organisation, area, coordinator
):
    _rate(reporter, organisation, area, AreaRating.Level.CALM, week=WEEK.shifted(-2))
    _rate(reporter, organisation, area, AreaRating.Level.TROUBLED)
    signal = RatingSignal.objects.get()
    assert (signal.reason, signal.previous_level) == ("rising", 1)
    text = Notification.objects.get(recipient=coordinator).text
    assert "Jordbro" in text and organisation.name in text


def test_rising_against_three_weeks_ago_raises_nothing(reporter, organisation, area):
    _rate(reporter, organisation, area, AreaRating.Level.CALM, week=WEEK.shifted(-3))
    _rate(reporter, organisation, area, AreaRating.Level.TROUBLED)
    assert not RatingSignal.objects.exists()


def test_one_step_up_raises_nothing(reporter, organisation, area):
    _rate(reporter, organisation, area, AreaRating.Level.SOME_CONCERN, week=WEEK.shifted(-1))
    _rate(reporter, organisation, area, AreaRating.Level.TROUBLED)
    assert not RatingSignal.objects.exists()


def test_nothing_to_report_still_takes_one_click_beside_ratings(reporter, organisation, area):
    _rate(reporter, organisation, area, AreaRating.Level.CALM)
    services.check_in(by=reporter, organisation=organisation, week=WEEK)
    assert WeeklyCheckIn.objects.filter(organisation=organisation, kind="nothing_to_report").exists()


def test_lagesbild_shows_the_ratings_beside_the_counts(reporter, organisation, area):
    _rate(reporter, organisation, area, AreaRating.Level.TROUBLED, comment="Bränder")
    picture = selectors.lagesbild(WEEK)
    jordbro = next(p for p in picture.areas if p.area == area)
    assert [(r.organisation, r.level) for r in jordbro.ratings] == [(organisation, 3)]


def test_week_page_shows_the_rating_and_the_signal_explained(client_for, reporter, organisation, area):
    _rate(reporter, organisation, area, AreaRating.Level.SERIOUS, comment="Skottlossning")
    page = client_for(reporter).get(reverse("situation:week", args=[WEEK.year, WEEK.week])).content.decode()
    assert "Skottlossning" in page
    assert 'id="rating-signals-heading"' in page


def test_rating_form_posts_a_rating(client_for, reporter, organisation, area):
    response = client_for(reporter).post(
        reverse("situation:rate"), {"year": WEEK.year, "week": WEEK.week, "area": area.pk, "level": 2}
    )
    assert response.status_code == 302
    assert AreaRating.objects.get().level == 2


def test_rating_form_with_bad_level_saves_nothing(client_for, reporter, area):
    response = client_for(reporter).post(
        reverse("situation:rate"), {"year": WEEK.year, "week": WEEK.week, "area": area.pk, "level": 9}
    )
    assert response.status_code == 302 and not AreaRating.objects.exists()
