/* inolab theme: the self-assessment checklist (guidelines chapter 7).
   Without this file the checklist is an ordinary form that can be filled in
   and printed. With it, answers are kept in this browser only
   (localStorage; nothing is sent anywhere), and a summary per area shows
   the counts and links each area with a "partly" or "no" answer to the
   chapter that helps. Loaded only on the page with the checklist; no
   inline script, no dependencies. */
(function () {
  'use strict';
  var box = document.querySelector('.checklist[data-storage]');
  if (!box) return;
  var key = box.getAttribute('data-storage');
  var summary = document.getElementById(box.id + '-summary');
  var status = summary && summary.querySelector('.checklist-status');
  var inputs = Array.prototype.slice.call(box.querySelectorAll('input[type=radio][data-q]'));

  // Storage can be refused (private modes, disabled storage): the form then
  // still works for this visit, it only forgets.
  function load() {
    try {
      var v = JSON.parse(window.localStorage.getItem(key) || '{}');
      return v && typeof v === 'object' ? v : {};
    } catch (e) {
      return {};
    }
  }
  function save(answers) {
    try {
      if (Object.keys(answers).length) {
        window.localStorage.setItem(key, JSON.stringify(answers));
      } else {
        window.localStorage.removeItem(key);
      }
    } catch (e) { /* not kept; nothing else to do */ }
  }
  function current() {
    var answers = {};
    inputs.forEach(function (i) { if (i.checked) answers[i.getAttribute('data-q')] = i.value; });
    return answers;
  }

  function update() {
    if (!summary) return;
    var answers = current();
    var form = box.getAttribute('data-counts') || '{yes} / {partly} / {no} / {open}';
    Array.prototype.forEach.call(summary.querySelectorAll('li[data-area]'), function (li) {
      var area = li.getAttribute('data-area');
      var n = { yes: 0, partly: 0, no: 0 };
      var total = parseInt(li.getAttribute('data-questions'), 10) || 0;
      inputs.forEach(function (i) {
        if (i.checked && i.getAttribute('data-area') === area) n[i.value] += 1;
      });
      var open = total - n.yes - n.partly - n.no;
      li.querySelector('.area-counts').textContent = form
        .replace('{yes}', n.yes).replace('{partly}', n.partly)
        .replace('{no}', n.no).replace('{open}', open);
      var weak = n.partly + n.no > 0;
      li.classList.toggle('area-weak', weak);
      var advice = li.querySelector('.area-advice');
      if (advice) advice.hidden = !weak;
    });
    return answers;
  }

  var stored = load();
  var restored = false;
  inputs.forEach(function (i) {
    if (stored[i.getAttribute('data-q')] === i.value) { i.checked = true; restored = true; }
  });
  box.addEventListener('change', function (e) {
    if (e.target && e.target.matches && e.target.matches('input[type=radio][data-q]')) {
      save(current());
      update();
      if (status) status.textContent = '';
    }
  });
  if (summary) {
    summary.hidden = false;
    var clear = summary.querySelector('.checklist-clear');
    if (clear) {
      clear.addEventListener('click', function () {
        inputs.forEach(function (i) { i.checked = false; });
        save({});
        update();
        if (status) status.textContent = box.getAttribute('data-cleared') || '';
      });
    }
  }
  update();
  if (restored && status) status.textContent = box.getAttribute('data-restored') || '';
})();
