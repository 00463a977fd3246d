// Messages stay until the user dismisses them (WCAG 2.2.1, issue 17). Wagtail's messages
// controller empties its list whenever it shows a new message or the live preview's error state
// changes, so a success or refusal could vanish before it was read. The messages the server sent
// with the page move to a list of their own in the same box, each with a button to dismiss it.
(function () {
  "use strict";
  var script = document.currentScript;
  function keep() {
    var box = document.querySelector(".messages[data-controller~='w-messages']");
    if (!box) return;
    var items = box.querySelectorAll(":scope > ul > li");
    if (!items.length) return;
    // A list of their own in the same box, beside the one the controller empties.
    var list = document.createElement("ul");
    list.className = "kaiku-kept-messages";
    items.forEach(function (item) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button-small button-secondary w-ml-2.5";
      button.textContent = script.dataset.dismissLabel;
      button.addEventListener("click", function () {
        item.remove();
        if (!list.children.length) list.remove();
      });
      item.appendChild(button);
      list.appendChild(item);
    });
    box.insertBefore(list, box.firstChild);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", keep);
  } else {
    keep();
  }
})();
