// Admin edit forms: the Preview button renders Markdown in place, without reloading the form.
// Without this script (or if the request fails) the button posts the form and the server
// shows the same preview below it, so nothing depends on JavaScript.
(function () {
  "use strict";

  function section(form) {
    var existing = document.getElementById("preview");
    if (existing) { existing.textContent = ""; return existing; }
    var created = document.createElement("section");
    created.id = "preview";
    created.className = "md-preview";
    created.setAttribute("aria-live", "polite");
    form.parentNode.insertBefore(created, form.nextSibling);
    return created;
  }

  function render(url, token, text) {
    var body = new FormData();
    body.append("csrf_token", token);
    body.append("markdown", text);
    body.append("fragment", "1");
    return fetch(url, { method: "POST", body: body, credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error("preview failed: " + response.status);
      return response.text();  // sanitized by the server (markdown-it-py, then nh3)
    });
  }

  function preview(button, event) {
    var form = button.form;
    var fields = form.querySelectorAll("textarea[data-markdown]");
    var token = form.querySelector("input[name=csrf_token]");
    if (!fields.length || !token || !window.fetch) return;  // let the form post itself
    event.preventDefault();
    var jobs = Array.prototype.map.call(fields, function (field) {
      return render(button.getAttribute("data-preview-url"), token.value, field.value).then(function (html) {
        var label = form.querySelector("label[for='" + field.id + "']");
        return { label: label ? label.textContent : field.name, html: html };
      });
    });
    Promise.all(jobs).then(function (parts) {
      var target = section(form);
      var heading = document.createElement("h2");
      heading.textContent = "Preview (not saved yet)";
      target.appendChild(heading);
      parts.forEach(function (part) {
        var title = document.createElement("h3");
        title.textContent = part.label;
        var content = document.createElement("div");
        content.className = "md-preview-body";
        content.innerHTML = part.html;
        target.appendChild(title);
        target.appendChild(content);
      });
      target.scrollIntoView({ behavior: "smooth", block: "start" });
    }).catch(function () {
      form.requestSubmit ? form.requestSubmit(button) : form.submit();
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-preview-url]") : null;
    if (button) preview(button, event);
  });
})();
