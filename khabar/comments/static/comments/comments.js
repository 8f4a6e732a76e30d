/* Khabar comments: progressive enhancement of the plain HTML form.
 * Without this file the form posts and the server redirects back; with it the
 * same endpoint answers JSON and the page never reloads. No inline handlers. */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  ready(function () {
    var form = document.querySelector("[data-comment-form]");
    var section = document.getElementById("comments");
    if (!form || !section || !window.fetch || !window.FormData) { return; }
    var notice = section.querySelector("[data-comment-notice]");
    var home = form.parentNode;
    var homeNext = form.nextSibling;
    var parentInput = form.querySelector("input[name=parent]");
    var replying = form.querySelector("[data-replying]");
    var submit = form.querySelector("button[type=submit]");

    function say(text, kind) {
      notice.textContent = "";
      if (!text) { return; }
      var p = document.createElement("p");
      p.className = "comments__notice-text comments__notice-text--" + kind;
      p.textContent = text;
      notice.appendChild(p);
    }

    function clearErrors() {
      form.querySelectorAll("[data-errors-for]").forEach(function (box) { box.textContent = ""; });
      form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    }

    function showErrors(errors) {
      Object.keys(errors || {}).forEach(function (name) {
        var box = form.querySelector('[data-errors-for="' + name + '"]') ||
          form.querySelector('[data-errors-for="__all__"]');
        errors[name].forEach(function (message) {
          var p = document.createElement("p");
          p.className = "comment-form__error";
          p.textContent = message;
          box.appendChild(p);
        });
        var input = form.querySelector('[name="' + name + '"]');
        if (input) { input.setAttribute("aria-invalid", "true"); }
      });
    }

    function cancelReply() {
      parentInput.value = "";
      replying.hidden = true;
      home.insertBefore(form, homeNext);
    }

    section.addEventListener("click", function (event) {
      var link = event.target.closest("[data-reply-to]");
      if (link) {
        event.preventDefault();
        var item = document.getElementById("comment-" + link.getAttribute("data-reply-to"));
        parentInput.value = link.getAttribute("data-reply-to");
        replying.querySelector("[data-reply-name]").textContent = link.getAttribute("data-reply-name");
        replying.hidden = false;
        item.querySelector(".comment__box").after(form);
        form.querySelector("textarea").focus();
        return;
      }
      if (event.target.closest("[data-cancel-reply]")) {
        event.preventDefault();
        cancelReply();
      }
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearErrors();
      submit.disabled = true;
      var body = new FormData(form);
      fetch(form.action, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "Accept": "application/json", "X-Requested-With": "fetch" }
      }).then(function (response) {
        return response.json().then(function (data) { return { status: response.status, data: data }; });
      }).then(function (answer) {
        var data = answer.data;
        submit.disabled = false;
        if (!data.ok) {
          // Everything the reader typed stays in the form.
          say(data.message, "error");
          showErrors(data.errors);
          return;
        }
        say(data.message, data.status);
        if (data.html) {
          var list = section.querySelector('[data-replies-for="' + (data.parent_id || "") + '"]');
          list.insertAdjacentHTML("beforeend", data.html);
          var empty = section.querySelector("[data-comments-empty]");
          if (empty) { empty.remove(); }
        }
        var count = section.querySelector("[data-comment-count]");
        if (count && data.count_text) { count.textContent = data.count_text; }
        form.querySelector("textarea").value = "";
        cancelReply();
        notice.focus();
      }).catch(function () {
        // Network or server trouble: fall back to the plain form post.
        submit.disabled = false;
        form.submit();
      });
    });
  });
})();
