/* The site menu (navigation, search, text size) follows the content in the HTML, so that it
   works without JavaScript and a phone's first screen shows the page, not the header. Here it is
   moved into the header behind a button (GOV.UK and the Helsinki Design System do the same);
   on wide screens CSS keeps it open. */
(function () {
  "use strict";
  var menu = document.getElementById("site-menu");
  var header = document.querySelector(".site-header");
  var link = header && header.querySelector("a.menu-toggle");
  if (!menu || !link) {
    return;
  }
  var button = document.createElement("button");
  button.type = "button";
  button.className = "menu-toggle";
  button.textContent = link.textContent;
  button.setAttribute("aria-controls", "site-menu");
  button.setAttribute("aria-expanded", "false");
  link.parentNode.replaceChild(button, link);
  header.appendChild(menu);
  document.body.classList.add("js-menu");
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("site-menu--open", open);
  });
})();
