// One agency record: every field it is released with, as text; persons and organizations it names
// link to their dossiers, handling labels and provenance say who owns it and whom it may go to.
(function () {
  'use strict';
  var U = window.Unity;
  var el = U.el, human = U.human;
  var config = U.config;
  var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  var DATE = /^\d{4}-\d{2}-\d{2}T/;
  // Fields that name registry targets: { id, name } objects become links.
  var LINKS = { person: '/person/', holder: '/person/', subjects: '/person/', defendants: '/person/', organization: '/organization/' };

  document.getElementById('explorer-link').href = '/explorer';
  if (!U.requireSession()) return;
  if (!UUID.test(config.id)) {
    U.fail('"' + config.id + '" is not a record id: the address must be /record/' + config.kind + '/<id>, a UUID.');
    return;
  }

  function label(key) {
    return human(key.replace(/([a-z])([A-Z])/g, '$1_$2'));
  }
  function scalar(key, value) {
    if (value === null || value === undefined) return el('span', { className: 'empty', text: '–' });
    if (typeof value === 'string' && DATE.test(value)) return el('time', { datetime: value, text: value.replace('T', ' ').slice(0, 16) + ' UTC' });
    if (/Usd$/.test(key) && typeof value === 'number') return document.createTextNode(U.money(value));
    if (Array.isArray(value)) return document.createTextNode(value.join(', ') || '–');
    return document.createTextNode(String(value));
  }
  function link(prefix, target) {
    return el('a', { href: prefix + target.id, text: target.name || target.id });
  }
  /** A value of the record: scalars as text, named targets as links, nested objects as a list, lists of objects as a table. */
  function value(key, item, prefix) {
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      if (prefix && item.id) return link(prefix, item);
      return fields(item);
    }
    if (Array.isArray(item) && item.length && typeof item[0] === 'object') {
      if (prefix && item[0].id) return el('span', {}, item.reduce(function (parts, target, index) { return parts.concat(index ? [', ', link(prefix, target)] : [link(prefix, target)]); }, []));
      if (item[0].person && item[0].role) return el('span', {}, item.reduce(function (parts, subject, index) {
        return parts.concat([index ? ', ' : '', link('/person/', subject.person), ' (' + human(subject.role).toLowerCase() + ')']);
      }, []));
      return table(item);
    }
    if (Array.isArray(item) && !item.length) return el('span', { className: 'empty', text: 'none' });
    return scalar(key, item);
  }
  function fields(object) {
    return el('dl', { className: 'facts' }, Object.keys(object).filter(function (key) { return key !== 'id' && key !== '__typename'; }).reduce(function (list, key) {
      return list.concat([el('dt', { text: label(key) }), el('dd', { 'data-field': key }, [value(key, object[key], LINKS[key])])]);
    }, []));
  }
  function table(rows) {
    var columns = Object.keys(rows[0]).filter(function (key) { return key !== 'id'; });
    return el('table', { className: 'data' }, [
      el('thead', {}, [el('tr', {}, columns.map(function (key) { return el('th', { scope: 'col', text: label(key) }); }))]),
      el('tbody', {}, rows.map(function (row) {
        return el('tr', {}, columns.map(function (key) { return el('td', {}, [value(key, row[key], LINKS[key])]); }));
      })),
    ]);
  }

  U.request(config.operation, { id: config.id }).then(function (answer) {
    var record = answer.data[config.field];
    U.reportWithheld(config.operation, answer.errors);
    if (!record) {
      // The same words whether the record does not exist or is not released: the page is no oracle.
      U.fail(answer.errors && answer.errors.length ? 'The record could not be loaded: see the errors below.'
        : 'No ' + config.title.toLowerCase() + ' with id ' + config.id + ' is released to your agency.');
      return;
    }
    var title = config.title + (record.caseNumber ? ' ' + record.caseNumber : '');
    document.title = title + ' · Unity Table';
    document.getElementById('record-title').textContent = title;
    document.getElementById('fields').appendChild(fields(record));
    U.setStatus('');
    document.getElementById('content').hidden = false;
    U.ready();
  }).catch(function (error) {
    U.fail(error.message);
  });
})();
