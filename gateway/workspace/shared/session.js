// What every page of the workspace shares: the token and the purpose of use (kept for this tab only,
// in sessionStorage), every request to the gateway with both, and building the page from record
// text without ever parsing it as HTML. Plain ES5 and browser globals, loaded before each page's
// own script, which finds all of it on window.Unity.
(function () {
  'use strict';
  var TOKEN_KEY = 'unity-table-token';
  var PURPOSE_KEY = 'unity-table-purpose';
  var PURPOSE_HEADER = 'Unity-Purpose';
  var config = JSON.parse(document.getElementById('unity-config').textContent);
  // Tokens were once kept in localStorage, readable by every later visit: none may linger there.
  try { localStorage.removeItem(TOKEN_KEY); } catch (e) { /* storage disabled */ }

  var token = sessionStorage.getItem(TOKEN_KEY) || '';
  var chosenPurpose = sessionStorage.getItem(PURPOSE_KEY) || '';
  var claims = null;
  try {
    claims = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  } catch (e) {
    claims = null;
  }
  // A purpose chosen in the bar wins over one the token carries.
  var purpose = chosenPurpose || (claims && typeof claims.purpose === 'string' ? claims.purpose : '');

  // ---------------------------------------------------------------- DOM, text only

  /**
   * An element with attributes and children. Strings become text nodes and `text` becomes
   * textContent: nothing here parses HTML, so record text can never become markup or script.
   * `style` takes an object of CSS properties (set through the DOM, which the policy allows).
   */
  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) {
      var value = attributes[key];
      if (value === undefined || value === null || value === false) return;
      if (key === 'text') node.textContent = String(value);
      else if (key === 'className') node.className = value;
      else if (key === 'style') Object.keys(value).forEach(function (property) { node.style.setProperty(property, value[property]); });
      else if (key === 'href') node.setAttribute('href', safeHref(value));
      else node.setAttribute(key, value === true ? '' : String(value));
    });
    append(node, children);
    return node;
  }
  function append(node, children) {
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
    });
    return node;
  }
  /** Links the pages build point into the workspace only: never a javascript: or foreign URL. */
  function safeHref(value) {
    var text = String(value);
    return /^\/(?!\/)/.test(text) || /^#/.test(text) ? text : '#';
  }
  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  // ---------------------------------------------------------------- formatting

  function human(value) {
    if (value === null || value === undefined) return '';
    var text = String(value).replace(/_/g, ' ').toLowerCase();
    return text.charAt(0).toUpperCase() + text.slice(1);
  }
  function day(value) {
    return value ? String(value).slice(0, 10) : '';
  }
  var usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
  var count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
  function money(value) {
    return value === null || value === undefined ? '–' : usd.format(value);
  }
  function number(value) {
    return value === null || value === undefined ? '–' : count.format(value);
  }
  function nodes(connection) {
    return connection && connection.edges ? connection.edges.map(function (edge) { return edge.node; }) : [];
  }
  function agencyChip(agency, extra) {
    return el('span', { className: 'agency agency-' + String(agency).replace(/\W/g, ''), text: agency + (extra ? ' ' + extra : '') });
  }

  // ---------------------------------------------------------------- status

  var statusLine = document.getElementById('status');
  var errorList = document.getElementById('errors');
  function setStatus(text, kind) {
    if (!statusLine) return;
    statusLine.textContent = text;
    statusLine.className = kind || '';
    statusLine.hidden = !text;
  }
  /** Something the caller must know that leaves the rest of the page usable. */
  function reportError(text) {
    if (!errorList) return;
    errorList.hidden = false;
    errorList.appendChild(el('li', { text: text }));
  }
  /** Nothing to show: says why, and what to do. */
  function fail(text) {
    setStatus(text, 'error');
    document.body.setAttribute('data-state', 'error');
  }
  /** The page shows what it asked for: tests and the bench wait for this, and read when it happened. */
  function ready() {
    if (performance.mark) performance.mark('unity:ready');
    document.body.setAttribute('data-state', 'ready');
  }

  // ---------------------------------------------------------------- the session bar

  var tokenInput = document.getElementById('token');
  var purposeSelect = document.getElementById('purpose');
  var caseLabel = document.getElementById('case-label');
  var caseInput = document.getElementById('purpose-case');
  var who = document.getElementById('who');
  var isCaseNumber = purpose && config.purposes.indexOf(purpose) < 0;
  tokenInput.value = token;
  purposeSelect.value = isCaseNumber ? 'CASE' : purpose;
  caseInput.value = isCaseNumber ? purpose : '';
  caseLabel.hidden = purposeSelect.value !== 'CASE';
  purposeSelect.onchange = function () {
    caseLabel.hidden = purposeSelect.value !== 'CASE';
    if (!caseLabel.hidden) caseInput.focus();
  };
  document.getElementById('session').onsubmit = function (event) {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, tokenInput.value.trim());
    var chosen = purposeSelect.value === 'CASE' ? caseInput.value.trim().toUpperCase() : purposeSelect.value;
    if (chosen) sessionStorage.setItem(PURPOSE_KEY, chosen);
    else sessionStorage.removeItem(PURPOSE_KEY);
    location.reload();
  };
  if (claims) {
    who.textContent = claims.agency + ' · ' + claims.sub + (purpose ? ' · for ' + purpose : '');
    who.title = claims.scope || '';
  } else {
    who.textContent = token ? 'that is not a JWT' : 'no token yet';
  }

  /** Whether the page may ask the gateway anything; when not, the page says what is missing. */
  function requireSession() {
    if (!token) {
      fail('No token yet. Paste a bearer token above, choose the purpose of use, and choose "Use" (in development: npm run --silent token -- --agency HSI). Every page of the workspace uses it, in this tab only.');
      return false;
    }
    if (!purpose) {
      fail('Choose the purpose of use above (a case number, or investigation, interdiction, briefing, deconfliction, audit, training) and choose "Use": every request carries it into the audit trail.');
      return false;
    }
    return true;
  }

  // ---------------------------------------------------------------- the gateway

  function headers() {
    var sent = { 'content-type': 'application/json', authorization: 'Bearer ' + token };
    if (purpose) sent[PURPOSE_HEADER] = purpose;
    return sent;
  }

  /**
   * Runs one of the page's operations (by name, from the page's configuration) or a document.
   * Resolves with { data, errors }; rejects with a readable message when there is nothing to show.
   */
  function request(operation, variables) {
    var query = config.documents && config.documents[operation] ? config.documents[operation] : operation;
    return fetch(config.endpoint, {
      method: 'POST',
      headers: headers(),
      body: JSON.stringify({ query: query, variables: variables || {} }),
    }).then(function (response) {
      return response.text().then(function (text) {
        var body;
        try {
          body = JSON.parse(text);
        } catch (e) {
          throw new Error('The gateway answered ' + response.status + ' ' + response.statusText + ': ' + text.slice(0, 200));
        }
        if (!body.data) {
          var messages = (body.errors || []).map(function (error) { return error.message; });
          var prefix = response.status === 401 ? 'The gateway refused the token (401). ' : '';
          throw new Error(prefix + (messages.join(' ') || 'The gateway answered ' + response.status + ' without data.'));
        }
        return body;
      });
    }, function (error) {
      throw new Error('Could not reach the gateway at ' + config.endpoint + ': ' + error.message);
    });
  }

  // ---------------------------------------------------------------- what the caller may not see

  /**
   * The FORBIDDEN errors of an answer, by the path of the field they blanked ("person.cases"), list
   * indices left out, so a page can say in place why a section is empty.
   */
  function withheld(errors) {
    var byPath = {};
    (errors || []).forEach(function (error) {
      if (!error.extensions || error.extensions.code !== 'FORBIDDEN' || !error.path) return;
      var key = error.path.filter(function (part) { return typeof part === 'string'; }).join('.');
      if (!byPath[key]) byPath[key] = { message: error.message, scopes: error.extensions.requiredScopes, places: 0 };
      byPath[key].places += 1;
    });
    return byPath;
  }
  /** "Not released to MEX: needs the scope finance:read." for a field the gateway withheld. */
  function withheldText(entry) {
    var agency = claims ? claims.agency : 'your agency';
    var scopes = (entry.scopes || []).map(function (set) { return set.join(' + '); }).join(' or ');
    return 'Withheld from ' + agency + (scopes ? ': it needs the scope ' + scopes + ', which your token does not grant.' : '.');
  }
  function withheldNote(entry) {
    return el('p', { className: 'withheld', text: withheldText(entry) });
  }
  /** Every FORBIDDEN field of an answer, once per field, above the page. */
  function reportWithheld(operation, errors) {
    var byPath = withheld(errors);
    Object.keys(byPath).forEach(function (path) {
      var entry = byPath[path];
      reportError(operation + ': ' + path + ' withheld [FORBIDDEN]: ' + withheldText(entry) + (entry.places > 1 ? ' (' + entry.places + ' places)' : ''));
    });
    (errors || []).forEach(function (error) {
      if (error.extensions && error.extensions.code === 'FORBIDDEN') return;
      reportError(operation + ': ' + error.message + (error.path ? ' (at ' + error.path.join('.') + ')' : '') +
        (error.extensions && error.extensions.code ? ' [' + error.extensions.code + ']' : ''));
    });
  }
  /**
   * POINTER records of a list: an agency holds records here that are not released to the caller.
   * Never a blank: "Held by DEA, contact SA Ruiz (2 records)".
   */
  function pointerNotes(connection) {
    if (!connection || !connection.pointers || !connection.pointers.length) return null;
    return el('ul', { className: 'pointers' }, connection.pointers.map(function (pointer) {
      return el('li', { className: 'pointer', 'data-agency': pointer.agency }, [
        'Held by ', agencyChip(pointer.agency), ', contact ' + (pointer.controlOfficial || 'its records officer') +
          ' (' + pointer.records + ' record' + (pointer.records === 1 ? '' : 's') + ' not released to ' + (claims ? claims.agency : 'you') + ')',
      ]);
    }));
  }

  /** Saves `text` as a file named `name` (an export), without leaving this page. */
  function download(name, type, text) {
    var link = el('a', { download: name, hidden: true });
    link.href = URL.createObjectURL(new Blob([text], { type: type + ';charset=utf-8' }));
    document.body.appendChild(link);
    link.click();
    setTimeout(function () {
      URL.revokeObjectURL(link.href);
      link.remove();
    }, 1000);
  }

  /**
   * Every row of an operation's list as CSV, following each page of its connection (the operation takes
   * $after), by the same code as the CLI's `--all --format csv` (tabular.js).
   */
  function exportAll(operation, variables, name) {
    var T = window.UnityTabular;
    var rows = [];
    function page(after) {
      return request(operation, Object.assign({}, variables, { after: after })).then(function (answer) {
        var found = T.rowsOf(answer.data);
        if (!found) return;
        rows = rows.concat(found.rows);
        if (found.kind === 'connection' && found.pageInfo.hasNextPage) return page(found.pageInfo.endCursor);
      });
    }
    return page(null).then(function () {
      download(name, 'text/csv', T.toCsv(rows.map(function (row) { return T.flatten(row); })));
      return rows.length;
    });
  }

  window.Unity = {
    download: download,
    exportAll: exportAll,
    config: config,
    claims: claims,
    purpose: purpose,
    el: el,
    append: append,
    clear: clear,
    human: human,
    day: day,
    money: money,
    number: number,
    nodes: nodes,
    agencyChip: agencyChip,
    setStatus: setStatus,
    reportError: reportError,
    fail: fail,
    ready: ready,
    requireSession: requireSession,
    headers: headers,
    request: request,
    withheld: withheld,
    withheldNote: withheldNote,
    reportWithheld: reportWithheld,
    pointerNotes: pointerNotes,
  };
})();
