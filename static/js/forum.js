// Thread pages: new posts arrive over /ws/threads/<id>/ as server-rendered fragments and are
// appended; after a reconnect the socket resumes after the last post on the page.
(function () {
  "use strict";
  var list = document.getElementById("posts");
  if (!list || !list.dataset.threadSocket || !window.samverkanSocket) { return; }
  // Only the last page shows new posts as they come; other pages would place them out of order.
  if (list.dataset.livePaused) { return; }

  function lastPostId() {
    var posts = list.querySelectorAll("article.post[id^='post-']");
    if (!posts.length) { return 0; }
    return parseInt(posts[posts.length - 1].id.slice(5), 10) || 0;
  }

  window.samverkanSocket.open(list.dataset.threadSocket, {
    lastId: lastPostId,
    message: function (data) {
      if (data.type !== "post" || typeof data.html !== "string") { return; }
      if (document.getElementById("post-" + data.id)) { return; }
      var template = document.createElement("template");
      template.innerHTML = data.html.trim();
      var node = template.content.firstElementChild;
      if (node) { list.appendChild(node); }
    }
  });
})();
