// The search page: one box, ranked matches with kind, agency badges and why each matched.
// Keyboard: ↓/↑ move the active match (the input keeps focus, aria-activedescendant follows),
// Enter opens it, Esc clears.
(function () {
  'use strict';
  var U = window.Unity;
  var el = U.el;
  var input = document.getElementById('q');
  var results = document.getElementById('results');
  var exportButton = document.getElementById('export');
  var withheldBox = document.getElementById('withheld');
  var active = -1;
  var lastAnswer = null;
  var pending = null;
  var sequence = 0;

  function hrefOf(target) {
    return (target.__typename === 'Person' ? '/person/' : '/organization/') + target.id;
  }
  function why(match) {
    var target = match.target;
    var score = Math.round(match.score * 100) + '% alike';
    if (match.matchedName === target.name) return 'name matched, ' + score;
    if (target.aliases.indexOf(match.matchedName) >= 0) return 'alias “' + match.matchedName + '” matched, ' + score;
    return '“' + match.matchedName + '” matched, ' + score;
  }

  /** Which agencies hold records on the target: counts of what is released, pointers for what is not. */
  function holdings(target) {
    var badges = [];
    var pointers = [];
    function add(agency, label) {
      badges.push(el('span', { className: 'holding' }, [U.agencyChip(agency), ' ' + label]));
    }
    function list(connection, label, agencyOf) {
      if (!connection) return;
      if (connection.totalCount) {
        var agencies = {};
        U.nodes(connection).forEach(function (node) { agencies[agencyOf(node)] = true; });
        var names = Object.keys(agencies);
        add(names.length ? names.join('/') : agencyOf(null), connection.totalCount + ' ' + label);
      }
      (connection.pointers || []).forEach(function (pointer) { pointers.push(pointer); });
    }
    list(target.interdictions, 'interdictions', function () { return 'CBP'; });
    list(target.cases, 'cases', function (c) { return c ? c.leadAgency : 'cases'; });
    list(target.sanctions, 'sanctions', function () { return 'TREASURY'; });
    list(target.travelRestrictions, 'travel restrictions', function (r) { return r ? r.issuingAgency : 'CBP/STATE'; });
    var notes = U.pointerNotes({ pointers: pointers });
    return el('div', { className: 'holdings' }, [
      el('span', { className: 'holding registry' }, ['registry ', U.agencyChip(target.provenance.agency)]),
    ].concat(badges).concat(notes ? [notes] : []));
  }

  /** Text that may be part of a selector: three letters or digits at least, one of them a digit (or an @). */
  function mayBeSelector(text) {
    return text.replace(/[^A-Za-z0-9]/g, '').length >= 3 && /[0-9@]/.test(text);
  }

  /** Selectors whose value holds the text, after the names: each opens who else uses it. */
  function renderSelectors(answer, offset) {
    var found = answer && answer.data && answer.data.searchSelectors ? U.nodes(answer.data.searchSelectors) : [];
    found.forEach(function (selector, index) {
      var users = U.nodes(selector.usedBy).map(function (link) {
        var who = link.person || link.organization;
        return who ? el('a', { href: (link.person ? '/person/' : '/organization/') + who.id, tabindex: '-1', text: who.name }) : null;
      }).filter(Boolean);
      var agencies = {};
      U.nodes(selector.usedBy).forEach(function (link) { agencies[link.provenance.agency] = true; });
      results.appendChild(el('li', { id: 'result-' + (offset + index), role: 'option', 'aria-selected': 'false', className: 'result selector-result', 'data-id': selector.id, 'data-kind': 'Selector' }, [
        el('div', { className: 'result-head' }, [
          el('span', { className: 'kind', text: U.human(selector.kind) }),
          el('a', { href: '/network/' + selector.id + '?selectors=1', className: 'result-name', tabindex: '-1', text: selector.display }),
          el('span', { className: 'why', text: 'part of the ' + U.human(selector.kind).toLowerCase() + ' matched' }),
        ]),
        el('div', { className: 'detail' }, ['used by ' + selector.usedBy.totalCount + (users.length ? ': ' : '')].concat(users.reduce(function (list, link, i) { return list.concat(i ? [', ', link] : [link]); }, []))),
        el('div', { className: 'holdings' }, Object.keys(agencies).map(function (agency) { return el('span', { className: 'holding' }, [U.agencyChip(agency)]); })
          .concat(U.pointerNotes(selector.usedBy) ? [U.pointerNotes(selector.usedBy)] : [])),
      ]));
    });
    return found.length;
  }

  function render(answer, selectors) {
    U.clear(results);
    U.clear(withheldBox);
    active = -1;
    input.removeAttribute('aria-activedescendant');
    var matches = answer.data.searchTargets || [];
    var withheld = U.withheld(answer.errors);
    var fields = {};
    Object.keys(withheld).forEach(function (path) { fields[path.split('.').pop()] = withheld[path]; });
    Object.keys(fields).forEach(function (field) {
      withheldBox.appendChild(el('p', { className: 'withheld', 'data-field': field, text: U.human(field) + ': ' + withheldNoteText(fields[field]) }));
    });
    (answer.errors || []).filter(function (e) { return !e.extensions || e.extensions.code !== 'FORBIDDEN'; }).forEach(function (error) {
      U.reportError(error.message + (error.extensions && error.extensions.code ? ' [' + error.extensions.code + ']' : ''));
    });
    matches.forEach(function (match, index) {
      var target = match.target;
      var facts = target.__typename === 'Person'
        ? [target.nationality, target.dateOfBirth ? 'born ' + target.dateOfBirth : null]
        : [U.human(target.kind), U.human(target.threatLevel) + ' threat', target.priorityRank ? 'priority #' + target.priorityRank : null];
      results.appendChild(el('li', { id: 'result-' + index, role: 'option', 'aria-selected': 'false', className: 'result', 'data-id': target.id, 'data-kind': target.__typename }, [
        el('div', { className: 'result-head' }, [
          el('span', { className: 'kind', text: target.__typename === 'Person' ? 'Person' : 'Organization' }),
          el('a', { href: hrefOf(target), className: 'result-name', tabindex: '-1', text: target.name }),
          el('span', { className: 'why', text: why(match) }),
        ]),
        target.aliases.length ? el('div', { className: 'aliases', text: 'also ' + target.aliases.join(' · ') }) : null,
        el('div', { className: 'detail', text: facts.filter(Boolean).join(' · ') }),
        holdings(target),
      ]));
    });
    var selectorCount = renderSelectors(selectors, matches.length);
    var shown = matches.length + selectorCount;
    input.setAttribute('aria-expanded', shown ? 'true' : 'false');
    exportButton.disabled = !matches.length;
    U.setStatus(shown ? matches.length + ' match' + (matches.length === 1 ? '' : 'es') + (selectorCount ? ' and ' + selectorCount + ' selector' + (selectorCount === 1 ? '' : 's') : '') + ' for “' + input.value.trim() + '”.'
      : 'Nothing in the registry resembles “' + input.value.trim() + '” (or nothing that is released to you).');
  }
  function withheldNoteText(entry) {
    var note = U.withheldNote(entry);
    return note.textContent;
  }

  function setActive(index) {
    var items = results.querySelectorAll('[role="option"]');
    if (!items.length) return;
    active = (index + items.length) % items.length;
    for (var i = 0; i < items.length; i++) items[i].setAttribute('aria-selected', i === active ? 'true' : 'false');
    input.setAttribute('aria-activedescendant', items[active].id);
    items[active].scrollIntoView({ block: 'nearest' });
  }

  function runSearch(text) {
    var mine = ++sequence;
    if (!text.trim()) {
      U.clear(results);
      U.clear(withheldBox);
      U.setStatus('');
      exportButton.disabled = true;
      input.setAttribute('aria-expanded', 'false');
      return Promise.resolve();
    }
    document.body.removeAttribute('data-state');
    var selectors = mayBeSelector(text.trim()) ? U.request('SearchSelectors', { text: text.trim(), first: 10 }) : Promise.resolve(null);
    return Promise.all([U.request('SearchHoldings', { text: text.trim(), first: 20 }), selectors]).then(function (answers) {
      if (mine !== sequence) return; // a later search already answered or is on its way
      lastAnswer = answers[0];
      render(answers[0], answers[1]);
      U.ready();
    }, function (error) {
      if (mine !== sequence) return;
      U.fail(error.message);
    });
  }
  function searchSoon() {
    clearTimeout(pending);
    pending = setTimeout(function () {
      history.replaceState(null, '', input.value.trim() ? '/?q=' + encodeURIComponent(input.value.trim()) : '/');
      runSearch(input.value);
    }, 250);
  }

  input.addEventListener('input', searchSoon);
  input.addEventListener('keydown', function (event) {
    if (event.key === 'ArrowDown') { event.preventDefault(); setActive(active + 1); }
    else if (event.key === 'ArrowUp') { event.preventDefault(); setActive(active - 1); }
    else if (event.key === 'Escape') { input.value = ''; searchSoon(); }
    else if (event.key === 'Enter' && active >= 0) {
      event.preventDefault();
      location.href = results.querySelectorAll('[role="option"]')[active].querySelector('a').getAttribute('href');
    }
  });
  document.getElementById('search-form').addEventListener('submit', function (event) {
    event.preventDefault();
    clearTimeout(pending);
    history.replaceState(null, '', '/?q=' + encodeURIComponent(input.value.trim()));
    runSearch(input.value);
  });
  results.addEventListener('click', function (event) {
    var item = event.target.closest('[role="option"]');
    if (item && event.target.tagName !== 'A') location.href = item.querySelector('a').getAttribute('href');
  });
  exportButton.addEventListener('click', function () {
    if (!lastAnswer) return;
    var T = window.UnityTabular;
    var rows = T.rowsOf(lastAnswer.data);
    U.download('search-' + input.value.trim().replace(/\W+/g, '-') + '.csv', 'text/csv', T.toCsv(rows.rows.map(function (row) { return T.flatten(row); })));
  });

  if (!U.requireSession()) return;
  var initial = new URLSearchParams(location.search).get('q') || '';
  input.value = initial;
  input.focus();
  if (initial) runSearch(initial);
  else U.ready();
})();
