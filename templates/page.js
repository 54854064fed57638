// briefing: what a page does for its reader beyond its links; without
// script the page reads the same. Printing opens every collapsed list of
// quotes ("5 more from …"; the stylesheet shows them too, where the browser
// allows), and closes again those the reader had not opened.
(function () {
  "use strict";
  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    var closed = document.querySelectorAll("details:not([open])");
    for (var i = 0; i < closed.length; i++) {
      closed[i].open = true;
      openedForPrint.push(closed[i]);
    }
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (details) {
      details.open = false;
    });
    openedForPrint = [];
  });
})();
