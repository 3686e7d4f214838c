// The weekly briefing as the task force reads it: each agency's figures for the period against the
// four periods before it (WeeklyBriefing, five times), charted (Chart.js) and tabled; interdictions
// by sector on the map; the priority organizations' movement; and the period's new cases, arrests,
// designations, freezes and restrictions (BriefingActivity, every page followed).
(function () {
  'use strict';
  var U = window.Unity;
  var el = U.el, human = U.human, day = U.day;
  var DAY = 86400000;
  var PERIODS = 5;
  var COLORS = ['#1f2a44', '#7d8aa5', '#9ba6bd', '#b8c1d3', '#d5dbe6'];
  var TYPE_COLORS = { APPREHENSION: '#1f6feb', SEIZURE: '#b3261e', STASH_HOUSE_RAID: '#6d4c41', VEHICLE_IMPOUND: '#d9730d', CHECKPOINT_STOP: '#2e7d32' };
  // Each agency's section of the briefing: its field, who reports it, and the figures it shows.
  var SECTIONS = [
    { field: 'interdictions', agency: 'CBP', title: 'Interdictions (CBP)', counts: ['interdictions', 'apprehensions', 'migrantsEncountered', 'stashHousesRaided', 'vehiclesImpounded'], values: ['seizedValueUsd'] },
    { field: 'investigations', agency: 'HSI/FBI/DEA/DOJ', title: 'Investigations', counts: ['casesOpened', 'casesClosed', 'arrests', 'indictments', 'defendantsIndicted'], values: [] },
    { field: 'finance', agency: 'TREASURY', title: 'Financial disruption (Treasury)', counts: ['designations', 'accountsFrozen', 'assetSeizures'], values: ['frozenValueUsd', 'seizedValueUsd'] },
    { field: 'travel', agency: 'CBP/STATE', title: 'Travel restrictions (CBP, State)', counts: ['restrictionsIssued', 'restrictionsLifted', 'crossings'], values: [] },
  ];

  var params = new URLSearchParams(location.search);
  function utcDay(text) {
    var date = new Date(/T/.test(text) ? text : text + 'T00:00:00Z');
    return isNaN(date.getTime()) ? null : date;
  }
  var today = new Date(new Date().toISOString().slice(0, 10) + 'T00:00:00Z');
  var to = params.get('to') ? utcDay(params.get('to')) : new Date(today.getTime() + DAY);
  var from = params.get('from') ? utcDay(params.get('from')) : to && new Date(to.getTime() - 7 * DAY);
  var organizationId = params.get('organizationId') || null;
  var fromInput = document.getElementById('from');
  var toInput = document.getElementById('to');
  document.getElementById('print').onclick = function () { window.print(); };
  document.getElementById('period').onsubmit = function (event) {
    event.preventDefault();
    var query = '?from=' + fromInput.value + '&to=' + toInput.value + (organizationId ? '&organizationId=' + encodeURIComponent(organizationId) : '');
    location.search = query;
  };

  if (!U.requireSession()) return;
  if (!from || !to || from >= to) {
    U.fail('The period must be two dates, from before to: /briefing?from=2026-10-05&to=2026-10-12.');
    return;
  }
  fromInput.value = from.toISOString().slice(0, 10);
  // The form shows the last day of the period; the address and the queries use its exclusive end.
  toInput.value = new Date(to.getTime()).toISOString().slice(0, 10);
  var length = to.getTime() - from.getTime();
  var periods = [];
  for (var k = 0; k < PERIODS; k++) periods.push({ from: new Date(from.getTime() - k * length), to: new Date(to.getTime() - k * length) });
  document.getElementById('explorer-link').href = '/explorer?operation=WeeklyBriefing&variables=' + encodeURIComponent(JSON.stringify({ from: from.toISOString(), to: to.toISOString(), organizationId: organizationId }));
  document.getElementById('period-note').textContent = 'From ' + day(from.toISOString()) + ' up to ' + day(to.toISOString()) + ' (exclusive), against the ' + (PERIODS - 1) +
    ' periods of the same length before it' + (organizationId ? ', for one organization' : ', all organizations') + '. Figures are what is released to ' + (U.claims ? U.claims.agency : 'you') + '.';

  var briefings = Promise.all(periods.map(function (period) {
    return U.request('WeeklyBriefing', { from: period.from.toISOString(), to: period.to.toISOString(), organizationId: organizationId });
  }));
  var activity = allActivity();

  briefings.then(function (answers) {
    U.reportWithheld('WeeklyBriefing', answers[0].errors);
    var current = answers[0].data.briefing;
    if (!current) {
      U.fail('No briefing: see the errors below.');
      return;
    }
    if (current.organization) document.getElementById('briefing-title').textContent = 'Weekly briefing: ' + current.organization.name;
    U.setStatus('');
    renderFigures(answers.map(function (answer) { return answer.data.briefing; }), U.withheld(answers[0].errors));
    return activity.then(function (organizations) {
      renderActivity(organizations, current);
    }, function (error) {
      U.reportError('Activity by organization: ' + error.message);
    });
  }).then(function () {
    if (document.body.getAttribute('data-state') !== 'error') U.ready();
  }).catch(function (error) {
    U.fail(error.message);
  });

  /** Every page of one operation over the organizations, merged by organization into `byId`. */
  function allPages(operation, variables, byId, order, errors) {
    function page(after) {
      return U.request(operation, Object.assign({ after: after }, variables)).then(function (answer) {
        (answer.errors || []).forEach(function (error) { errors.push(error); });
        var connection = answer.data.organizations;
        if (!connection) return;
        U.nodes(connection).forEach(function (node) {
          if (!byId[node.id]) { byId[node.id] = {}; order.push(node.id); }
          Object.assign(byId[node.id], node);
        });
        if (connection.pageInfo.hasNextPage) return page(connection.pageInfo.endCursor);
      });
    }
    return page(null);
  }
  /** Every organization's activity in the period (three operations, each page after page), priority targets first. */
  function allActivity() {
    var byId = {};
    var order = [];
    var errors = [];
    var period = { from: from.toISOString(), to: to.toISOString() };
    return Promise.all([
      allPages('BriefingMovement', Object.assign({ previousFrom: new Date(from.getTime() - 4 * length).toISOString() }, period), byId, order, errors),
      allPages('BriefingInterdictions', period, byId, order, errors),
      allPages('BriefingRecords', period, byId, order, errors),
    ]).then(function () {
      var list = order.map(function (id) { return byId[id]; }).filter(function (o) { return !organizationId || o.id === organizationId; });
      list.withheld = U.withheld(errors);
      return list;
    });
  }

  // ---------------------------------------------------------------- figures

  function metricLabel(metric) {
    return human(metric.replace(/([a-z])([A-Z])/g, '$1_$2')).replace(/ usd$/, ' (USD)');
  }
  function periodLabel(index) {
    return index === 0 ? 'this period' : index + ' before';
  }
  function renderFigures(briefingsByPeriod, withheld) {
    var box = document.getElementById('charts');
    SECTIONS.forEach(function (section) {
      var part = el('div', { className: 'agency-figures', 'data-section': section.field }, [el('h3', {}, [U.agencyChip(section.agency), ' ' + section.title])]);
      box.appendChild(part);
      if (withheld['briefing.' + section.field]) {
        part.appendChild(U.withheldNote(withheld['briefing.' + section.field]));
        return;
      }
      var rows = briefingsByPeriod.map(function (b) { return b ? b[section.field] : null; });
      if (!rows[0]) {
        part.appendChild(el('p', { className: 'note', text: 'No figures in this briefing.' }));
        return;
      }
      var canvas = el('canvas', { role: 'img', 'aria-label': section.title + ': this period against the four before it; the table below holds the same figures.' });
      part.appendChild(el('div', { className: 'chart' }, [canvas]));
      // eslint-disable-next-line no-new
      new Chart(canvas, {
        type: 'bar',
        data: {
          labels: section.counts.map(metricLabel),
          datasets: rows.map(function (row, index) {
            return { label: periodLabel(index), data: section.counts.map(function (metric) { return row ? row[metric] : null; }), backgroundColor: COLORS[index] };
          }),
        },
        options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { position: 'bottom' } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
      });
      part.appendChild(figureTable(section, rows));
    });
  }
  function figureTable(section, rows) {
    var metrics = section.counts.concat(section.values);
    var format = function (metric, value) { return /Usd$/.test(metric) ? U.money(value) : U.number(value); };
    return el('table', { className: 'data figures-table', 'data-section': section.field }, [
      el('thead', {}, [el('tr', {}, [el('th', { scope: 'col', text: 'Figure' })].concat(rows.map(function (_, index) {
        return el('th', { scope: 'col', className: 'number', text: periodLabel(index) });
      })).concat([el('th', { scope: 'col', className: 'number', text: 'average of the 4 before' })]))]),
      el('tbody', {}, metrics.map(function (metric) {
        var previous = rows.slice(1).filter(Boolean).map(function (row) { return row[metric]; });
        var average = previous.length ? previous.reduce(function (a, b) { return a + b; }, 0) / previous.length : null;
        return el('tr', { 'data-metric': metric }, [el('th', { scope: 'row', text: metricLabel(metric) })].concat(rows.map(function (row, index) {
          return el('td', { className: 'number', 'data-period': String(index), 'data-value': row ? String(row[metric]) : '', text: row ? format(metric, row[metric]) : '–' });
        })).concat([el('td', { className: 'number', text: average === null ? '–' : format(metric, average) })]));
      })),
    ]);
  }

  // ---------------------------------------------------------------- activity

  function inPeriod(at) {
    return at && at >= from.toISOString() && at < to.toISOString();
  }
  function listOf(items, render, empty) {
    return items.length ? el('ul', { className: 'records' }, items.map(render)) : el('p', { className: 'note', text: empty });
  }
  function section(title, id, children) {
    return el('div', { className: 'activity', 'data-list': id }, [el('h3', { text: title })].concat(children));
  }
  function withheldIn(organizations, field) {
    var entry = organizations.withheld['organizations.edges.node.' + field];
    return entry ? U.withheldNote(entry) : null;
  }

  function renderActivity(organizations, current) {
    var interdictions = [];
    var arrests = [];
    var seizures = [];
    var cases = [];
    var sanctions = [];
    var freezes = [];
    var restrictions = [];
    organizations.forEach(function (o) {
      U.nodes(o.interdictions).forEach(function (i) { interdictions.push({ record: i, organization: o }); });
      U.nodes(o.arrests).forEach(function (a) { arrests.push({ record: a, organization: o }); });
      U.nodes(o.assetSeizures).forEach(function (s) { seizures.push({ record: s, organization: o }); });
      U.nodes(o.cases).filter(function (c) { return inPeriod(c.openedAt); }).forEach(function (c) { cases.push({ record: c, organization: o }); });
      U.nodes(o.sanctions).filter(function (s) { return inPeriod(s.designatedAt); }).forEach(function (s) { sanctions.push({ record: s, organization: o }); });
      U.nodes(o.accounts).filter(function (a) { return inPeriod(a.frozenAt); }).forEach(function (a) { freezes.push({ record: a, organization: o }); });
      U.nodes(o.travelRestrictions).filter(function (r) { return inPeriod(r.issuedAt); }).forEach(function (r) { restrictions.push({ record: r, organization: o }); });
    });
    renderSectors(interdictions, current, organizations);
    renderMovement(organizations);
    function who(item) {
      return el('a', { href: '/organization/' + item.organization.id, text: item.organization.name });
    }
    var investigations = document.getElementById('investigation-lists');
    var totals = current.investigations;
    U.append(investigations, [
      totals ? el('p', { className: 'note', text: totals.casesOpened + ' cases opened, ' + totals.arrests + ' arrests, ' + totals.indictments + ' indictments (' + totals.defendantsIndicted + ' defendants) in the period, across the task force.' }) : withheldIn(organizations, 'cases'),
      section('New cases', 'cases', [listOf(cases, function (item) {
        var c = item.record;
        return el('li', {}, [U.agencyChip(c.leadAgency), ' ', el('a', { href: '/record/case/' + c.id, text: c.caseNumber }), ' ' + c.title + ' · ' + day(c.openedAt) + ' · ', who(item)]);
      }, 'No new case of an organization released to you.')]),
      section('Arrests', 'arrests', [listOf(arrests, function (item) {
        var a = item.record;
        return el('li', {}, [U.agencyChip(a.agency), ' ' + day(a.arrestedAt) + ' ', el('a', { href: '/person/' + a.person.id, text: a.person.name }), ', ' + a.location + ' · ', who(item)]);
      }, 'No arrest released to you.')]),
    ]);
    var finance = document.getElementById('finance-lists');
    var money = current.finance;
    U.append(finance, [
      money ? el('p', { className: 'note', text: money.designations + ' designations, ' + money.accountsFrozen + ' accounts frozen (' + U.money(money.frozenValueUsd) + '), ' + money.assetSeizures + ' asset seizures (' + U.money(money.seizedValueUsd) + ').' }) : withheldIn(organizations, 'sanctions'),
      section('Designations', 'sanctions', [listOf(sanctions, function (item) {
        var s = item.record;
        return el('li', {}, [el('a', { href: '/record/sanction/' + s.id, text: s.program }), ' ' + day(s.designatedAt) + (s.person ? ' · ' + s.person.name : '') + ' · ', who(item)]);
      }, 'No designation released to you.')]),
      section('Freezes', 'accounts', [listOf(freezes, function (item) {
        var a = item.record;
        return el('li', {}, [el('a', { href: '/record/account/' + a.id, text: a.institution }), ' ' + day(a.frozenAt) + ', ' + U.money(a.frozenValueUsd) + ' · ', who(item)]);
      }, 'No freeze released to you.')]),
      section('Asset seizures', 'assetSeizures', [listOf(seizures, function (item) {
        var s = item.record;
        return el('li', {}, [el('a', { href: '/record/asset-seizure/' + s.id, text: human(s.assetType) }), ' ' + day(s.seizedAt) + ', ' + U.money(s.valueUsd) + ' · ', who(item)]);
      }, 'No asset seizure released to you.')]),
    ]);
    var travel = document.getElementById('travel-lists');
    var trips = current.travel;
    U.append(travel, [
      trips ? el('p', { className: 'note', text: trips.restrictionsIssued + ' restrictions issued, ' + trips.restrictionsLifted + ' lifted, ' + trips.crossings + ' crossings recorded.' }) : withheldIn(organizations, 'travelRestrictions'),
      section('Restrictions issued', 'travelRestrictions', [listOf(restrictions, function (item) {
        var r = item.record;
        return el('li', {}, [U.agencyChip(r.issuingAgency), ' ', el('a', { href: '/record/restriction/' + r.id, text: human(r.type) }), ' ' + day(r.issuedAt) + ' · ', el('a', { href: '/person/' + r.person.id, text: r.person.name }), ' · ', who(item)]);
      }, 'No restriction released to you.')]),
    ]);
    document.getElementById('investigation-lists').appendChild(el('p', { className: 'note', text: 'Lists show what is recorded against organizations; each organization\u2019s latest five cases, designations, freezes and restrictions are searched for the period.' }));
  }

  function renderSectors(interdictions, current, organizations) {
    var table = document.getElementById('sector-table');
    var section = current.interdictions;
    if (!section) {
      table.appendChild(withheldIn(organizations, 'interdictions') || el('p', { className: 'note', text: 'CBP\u2019s interdictions are not released to you.' }));
      document.getElementById('map').hidden = true;
      return;
    }
    // Every sector of the period, from CBP's own totals (organizations named or not); the markers on top
    // are the organizations' latest interdictions, each opening its record.
    var sectors = section.bySector;
    var typesBySector = {};
    interdictions.forEach(function (item) {
      var i = item.record;
      var types = typesBySector[i.sector] = typesBySector[i.sector] || {};
      types[i.type] = (types[i.type] || 0) + 1;
    });
    table.appendChild(el('p', { className: 'note', id: 'sector-coverage', text: section.interdictions + ' interdictions in ' + sectors.length + ' sector' + (sectors.length === 1 ? '' : 's') +
      ' (shaded circles, sized by their count); ' + interdictions.length + ' of those attributed to an organization are marked one by one.' }));
    table.appendChild(el('table', { className: 'data', id: 'sectors-table' }, [
      el('thead', {}, [el('tr', {}, [el('th', { scope: 'col', text: 'Sector' }), el('th', { scope: 'col', className: 'number', text: 'Interdictions' }), el('th', { scope: 'col', text: 'Marked, by type' })])]),
      el('tbody', {}, sectors.map(function (s) {
        var types = typesBySector[s.sector] || {};
        return el('tr', { 'data-sector': s.sector }, [el('th', { scope: 'row', text: s.sector }), el('td', { className: 'number', text: String(s.interdictions) }),
          el('td', { text: Object.keys(types).map(function (t) { return human(t) + ' ' + types[t]; }).join(', ') || '\u2013' })]);
      })),
    ]));
    var world = U.worldMap('map');
    var busiest = sectors.length ? sectors[0].interdictions : 1;
    var sectorMarkers = L.featureGroup().addTo(world.map);
    window.briefingSectors = sectorMarkers;
    sectors.forEach(function (s) {
      U.marker([s.center.latitude, s.center.longitude], { color: '#8a5a00', radius: 8 + 16 * s.interdictions / busiest, className: 'sector-marker' },
        [s.sector + ' sector', s.interdictions + ' interdictions in the period']).addTo(sectorMarkers);
    });
    var markers = L.featureGroup().addTo(world.map);
    window.briefingMarkers = markers;
    interdictions.forEach(function (item) {
      var i = item.record;
      U.marker([i.location.latitude, i.location.longitude], { color: TYPE_COLORS[i.type], className: 'record-marker interdiction-marker' },
        [human(i.type) + ' \u00b7 ' + day(i.occurredAt), i.station + ' station, ' + i.sector + ' sector', item.organization.name], '/record/interdiction/' + i.id).addTo(markers);
    });
    var everything = L.featureGroup([sectorMarkers, markers]);
    function fit() {
      world.map.invalidateSize();
      if (sectors.length || interdictions.length) world.map.fitBounds(everything.getBounds(), { padding: [20, 20], maxZoom: 5 });
    }
    fit();
    // The printed map has another size than the screen's: fit the sectors again when printing starts and ends.
    window.addEventListener('beforeprint', fit);
    window.addEventListener('afterprint', fit);
    if (window.matchMedia) window.matchMedia('print').addEventListener('change', fit);
  }

  function renderMovement(organizations) {
    var priority = organizations.filter(function (o) { return o.priorityRank; }).sort(function (a, b) { return a.priorityRank - b.priorityRank; });
    var box = document.getElementById('movement-table');
    if (!priority.length) {
      box.appendChild(el('p', { className: 'note', text: 'No priority organization released to you.' }));
      return;
    }
    function change(now, before) {
      if (now === null || now === undefined || before === null || before === undefined) return '–';
      var average = before / 4;
      var arrow = now > average ? '▲' : now < average ? '▼' : '=';
      return arrow + ' ' + U.number(now) + ' (avg ' + U.number(average) + ')';
    }
    var withheldInvestigations = organizations.withheld['organizations.edges.node.currentInvestigations'];
    box.appendChild(el('table', { className: 'data', id: 'movement-rows' }, [
      el('thead', {}, [el('tr', {}, ['Rank', 'Organization', 'Threat', 'Apprehensions', 'Migrants', 'Seized (USD)', 'Cases opened', 'Arrests'].map(function (title) {
        return el('th', { scope: 'col', text: title });
      }))]),
      el('tbody', {}, priority.map(function (o) {
        var now = o.current || {};
        var before = o.previous || {};
        var inv = o.currentInvestigations;
        var invBefore = o.previousInvestigations || {};
        return el('tr', { 'data-organization': o.id }, [
          el('td', { text: '#' + o.priorityRank }), el('td', {}, [el('a', { href: '/organization/' + o.id, text: o.name })]), el('td', { text: human(o.threatLevel) }),
          el('td', { text: change(now.apprehensions, before.apprehensions) }), el('td', { text: change(now.migrantsEncountered, before.migrantsEncountered) }),
          el('td', { text: o.current ? U.money(now.seizedValueUsd) : '–' }),
          el('td', { text: inv ? change(inv.casesOpened, invBefore.casesOpened) : 'withheld' }), el('td', { text: inv ? change(inv.arrests, invBefore.arrests) : 'withheld' }),
        ]);
      })),
    ]));
    box.appendChild(el('p', { className: 'note', text: 'Each figure for the period, ▲ above or ▼ below its average over the four periods before.' }));
    if (withheldInvestigations) box.appendChild(U.withheldNote(withheldInvestigations));
  }
})();
