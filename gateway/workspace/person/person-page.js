// The person dossier: identity and aliases, organizations and associates, every agency's records
// on one timeline (each linking to its own record page), interdictions and crossings on the map,
// and, for each list, who holds what the caller may not see.
(function () {
  'use strict';
  var U = window.Unity;
  var el = U.el, human = U.human, day = U.day, nodes = U.nodes;
  var config = U.config;
  var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  // Ports of entry of the southwest border (public locations): crossings name their port only.
  var PORTS = {
    'San Ysidro': [32.5422, -117.0296], 'Otay Mesa': [32.5500, -116.9380], 'Calexico West': [32.6647, -115.4988], 'San Luis': [32.4862, -114.7823],
    'Nogales DeConcini': [31.3326, -110.9419], 'Douglas': [31.3340, -109.5604], 'Paso del Norte': [31.7494, -106.4877], 'Ysleta': [31.6717, -106.3363],
    'Presidio': [29.5605, -104.3713], 'Eagle Pass': [28.7086, -100.5114], 'Laredo Gateway': [27.4997, -99.5072], 'Hidalgo': [26.0955, -98.2713],
    'Brownsville Gateway': [25.8980, -97.4970],
  };
  // Each list of the dossier: its field, what the page calls it.
  var LISTS = [
    ['memberships', 'Organizations'], ['associates', 'Associates'], ['interdictions', 'Interdictions'], ['cases', 'Cases'], ['arrests', 'Arrests'],
    ['indictments', 'Indictments'], ['sanctions', 'Sanctions designations'], ['accounts', 'Financial accounts'], ['assetSeizures', 'Asset seizures'],
    ['travelRestrictions', 'Travel restrictions'], ['crossings', 'Border crossings'],
  ];

  document.getElementById('explorer-link').href = '/explorer?operation=PersonDossier&variables=' + encodeURIComponent(JSON.stringify({ id: config.id }));
  if (!U.requireSession()) return;
  if (!UUID.test(config.id)) {
    U.fail('"' + config.id + '" is not a person id: the address must be /person/<person id>, a UUID (search for the person from the search page).');
    return;
  }

  U.request('PersonDossier', { id: config.id }).then(function (answer) {
    var person = answer.data.person;
    U.reportWithheld('PersonDossier', answer.errors);
    if (!person) {
      U.fail(answer.errors && answer.errors.length ? 'The dossier could not be loaded: see the errors below.'
        : 'No person with id ' + config.id + ' is in the registry, or the record is not released to your agency.');
      return;
    }
    document.title = person.name + ' · Unity Table';
    U.setStatus('');
    document.getElementById('content').hidden = false;
    var withheld = U.withheld(answer.errors);
    renderIdentity(person);
    renderTies(person, withheld);
    renderSelectors(person, withheld);
    renderMatches(answer.data.possibleMatches, answer.errors);
    renderTimeline(person, withheld);
    return renderMap(person).catch(function (error) { U.reportError('Map: ' + error.message); }).then(U.ready);
  }).catch(function (error) {
    U.fail(error.message);
  });

  /** Why a list is empty or short: withheld from the caller, or held by another agency. */
  function listNotes(person, field, label, withheld) {
    var notes = [];
    if (withheld['person.' + field]) notes.push(el('div', { className: 'list-note', 'data-list': field }, [el('strong', { text: label + ': ' }), U.withheldNote(withheld['person.' + field])]));
    var pointers = U.pointerNotes(person[field]);
    if (pointers) notes.push(el('div', { className: 'list-note', 'data-list': field }, [el('strong', { text: label + ': ' }), pointers]));
    return notes;
  }

  function renderIdentity(person) {
    var box = document.getElementById('identity');
    var facts = [
      ['Date of birth', person.dateOfBirth || '–'], ['Nationality', person.nationality || '–'],
      ['Recorded by', person.provenance.agency + ', ' + day(person.provenance.recordedAt) + ' (' + person.provenance.recordedBy + ')'],
    ];
    U.append(box, [
      el('h1', { id: 'person-name', text: person.name }),
      person.aliases.length ? el('p', { className: 'aliases', id: 'person-aliases', text: 'also known as ' + person.aliases.join(' · ') }) : null,
      el('dl', { className: 'facts' }, facts.reduce(function (list, fact) { return list.concat([el('dt', { text: fact[0] }), el('dd', { text: fact[1] })]); }, [])),
      el('p', {}, [el('a', { href: '/network/' + person.id, text: 'Open the network around ' + person.name }), ' · ', el('a', { href: '/network/' + person.id + '?selectors=1', text: 'with shared selectors' }), ' · ', el('a', { href: '/?q=' + encodeURIComponent(person.name), text: 'search for namesakes' })]),
    ]);
    var counts = LISTS.filter(function (list) { return person[list[0]]; }).map(function (list) {
      return el('li', { 'data-list': list[0] }, [el('strong', { text: String(person[list[0]].totalCount) }), el('span', { text: list[1] })]);
    });
    box.appendChild(el('ul', { className: 'figures' }, counts));
  }

  function renderTies(person, withheld) {
    var memberships = document.getElementById('memberships');
    U.append(memberships, [el('h3', { text: 'Organizations (' + person.memberships.totalCount + ')' })].concat(listNotes(person, 'memberships', 'Organizations', withheld)));
    memberships.appendChild(el('ul', { className: 'ties' }, nodes(person.memberships).map(function (m) {
      return el('li', { 'data-organization': m.organization.id }, [
        el('a', { href: '/organization/' + m.organization.id, text: m.organization.name }),
        ' ' + human(m.role) + (m.since ? ', since ' + m.since : '') + (m.until ? ', until ' + m.until : ''),
        el('span', { className: 'kind', text: human(m.organization.kind) }),
      ]);
    })));
    var associates = document.getElementById('associates');
    U.append(associates, [el('h3', { text: 'Associates (' + person.associates.totalCount + ')' })].concat(listNotes(person, 'associates', 'Associates', withheld)));
    associates.appendChild(el('ul', { className: 'ties' }, nodes(person.associates).map(function (a) {
      return el('li', { 'data-person': a.associate.id }, [el('a', { href: '/person/' + a.associate.id, text: a.associate.name }), ' ' + human(a.kind)]);
    })));
  }

  /** Registry persons who may be the same man or woman, scored, each with why; merging is a decision for an analyst with targets:merge. */
  function renderMatches(matches, errors) {
    var box = document.getElementById('matches');
    var refused = (errors || []).filter(function (e) { return e.path && e.path[0] === 'possibleMatches'; })[0];
    if (!matches) {
      box.appendChild(el('p', { className: 'note', text: refused ? 'Possible matches are not available to you: ' + refused.message : 'No possible match.' }));
      return;
    }
    if (!matches.length) {
      box.appendChild(el('p', { className: 'note', text: 'No other person in the registry released to you looks like the same person.' }));
      return;
    }
    box.appendChild(el('ol', { className: 'ties', id: 'match-list' }, matches.map(function (match) {
      var p = match.person;
      return el('li', { 'data-match': p.id }, [
        el('a', { href: '/person/' + p.id, text: p.name }),
        ' · ' + Math.round(match.score * 100) + '% · recorded by ' + p.provenance.agency + [p.dateOfBirth ? 'born ' + p.dateOfBirth : null, p.nationality].filter(Boolean).map(function (f) { return ', ' + f; }).join(''),
        el('div', { className: 'reasons', text: match.reasons.map(function (r) { return human(r.evidence).toLowerCase() + ': ' + r.detail; }).join(' · ') }),
      ]);
    })));
  }

  /** The phones, vehicles, addresses, documents and accounts the person was seen using, each opening who else uses it. */
  function renderSelectors(person, withheld) {
    var box = document.getElementById('selectors');
    if (!person.selectors) {
      U.append(box, listNotes(person, 'selectors', 'Selectors', withheld));
      return;
    }
    U.append(box, [el('p', { className: 'note', text: person.selectors.totalCount + ' selector link' + (person.selectors.totalCount === 1 ? '' : 's') + ' released to you.' })]
      .concat(listNotes(person, 'selectors', 'Selectors', withheld)));
    box.appendChild(el('ul', { className: 'ties', id: 'selector-list' }, nodes(person.selectors).map(function (link) {
      return el('li', { 'data-selector': link.selector.id }, [
        el('span', { className: 'kind', text: human(link.selector.kind) }), ' ',
        el('a', { href: '/network/' + link.selector.id + '?selectors=1', text: link.selector.display, title: 'Who else uses it: the network around this selector' }),
        ' · seen by ' + link.provenance.agency + ', ' + day(link.firstSeen) + (day(link.lastSeen) !== day(link.firstSeen) ? ' to ' + day(link.lastSeen) : ''),
      ]);
    })));
  }

  function renderTimeline(person, withheld) {
    var events = [];
    function add(at, agency, kind, title, detail, href) {
      events.push({ at: at, agency: agency, kind: kind, title: title, detail: detail, href: href });
    }
    nodes(person.interdictions).forEach(function (i) {
      var seized = (i.seizures || []).map(function (s) { return U.number(s.quantity) + ' ' + s.unit + ' ' + human(s.category).toLowerCase(); }).join(', ');
      add(i.occurredAt, i.provenance.agency, 'interdiction', human(i.type) + ', ' + i.sector + ' sector', [i.station + ' station', seized ? 'seized ' + seized : null].filter(Boolean).join(' · '), '/record/interdiction/' + i.id);
    });
    nodes(person.cases).forEach(function (c) {
      add(c.openedAt, c.leadAgency, 'case', 'Case ' + c.caseNumber + ' opened', [c.title, c.partnerAgencies.length ? 'with ' + c.partnerAgencies.join(', ') : null, human(c.status)].filter(Boolean).join(' · '), '/record/case/' + c.id);
      if (c.closedAt) add(c.closedAt, c.leadAgency, 'case', 'Case ' + c.caseNumber + ' closed', c.title, '/record/case/' + c.id);
    });
    nodes(person.arrests).forEach(function (a) {
      add(a.arrestedAt, a.agency, 'arrest', 'Arrest in case ' + a.case.caseNumber, a.location, '/record/case/' + a.case.id);
    });
    nodes(person.indictments).forEach(function (i) {
      add(i.filedAt, i.provenance.agency, 'indictment', 'Indicted, ' + i.district + ' (case ' + i.case.caseNumber + ')',
        i.charges.map(function (c) { return c.statute + ' ' + c.description + ' (' + c.counts + ' counts)'; }).join('; '), '/record/case/' + i.case.id);
    });
    nodes(person.sanctions).forEach(function (s) {
      add(s.designatedAt, s.provenance.agency, 'sanction', 'Sanctions designation (' + s.program + ')', [s.authority, 'list entry ' + s.listEntryId].join(' · '), '/record/sanction/' + s.id);
    });
    nodes(person.accounts).forEach(function (a) {
      add(a.frozenAt, a.provenance.agency, 'account', 'Account ' + a.maskedNumber + ' at ' + a.institution + ' (' + a.country + ')',
        human(a.status) + (a.frozenValueUsd ? ', ' + U.money(a.frozenValueUsd) + ' frozen' : ''), '/record/account/' + a.id);
    });
    nodes(person.assetSeizures).forEach(function (s) {
      add(s.seizedAt, s.provenance.agency, 'asset-seizure', 'Asset seizure: ' + human(s.assetType).toLowerCase() + ', ' + U.money(s.valueUsd), s.description, '/record/asset-seizure/' + s.id);
    });
    nodes(person.travelRestrictions).forEach(function (r) {
      add(r.issuedAt, r.issuingAgency, 'travel', human(r.type), human(r.status) + ' · ' + r.reason + (r.expiresAt ? ' · expires ' + day(r.expiresAt) : ''), '/record/restriction/' + r.id);
    });
    nodes(person.crossings).forEach(function (c) {
      add(c.crossedAt, c.provenance.agency, 'crossing', 'Crossed ' + human(c.direction).toLowerCase() + ' at ' + c.port, human(c.conveyance), null);
    });
    // Undated records (an account never frozen) go last.
    events.sort(function (a, b) { return (b.at || '') < (a.at || '') ? -1 : (b.at || '') > (a.at || '') ? 1 : 0; });

    var notes = document.getElementById('timeline-notes');
    LISTS.slice(2).forEach(function (list) { U.append(notes, listNotes(person, list[0], list[1], withheld)); });
    var truncated = LISTS.slice(2).filter(function (list) { return person[list[0]] && person[list[0]].totalCount > person[list[0]].edges.length; });
    if (truncated.length) {
      notes.appendChild(el('p', { className: 'note', text: 'Latest records only: ' + truncated.map(function (list) {
        return person[list[0]].edges.length + ' of ' + person[list[0]].totalCount + ' ' + list[1].toLowerCase();
      }).join(', ') + '.' }));
    }
    document.getElementById('timeline-title').textContent = 'Timeline (' + events.length + ')';
    var list = document.getElementById('timeline');
    if (!events.length) list.appendChild(el('li', { className: 'note', text: 'No agency records released to you.' }));
    events.forEach(function (event) {
      list.appendChild(el('li', { className: 'event event-' + event.kind, 'data-kind': event.kind }, [
        el('time', { datetime: event.at || '', text: event.at ? day(event.at) : 'undated' }),
        U.agencyChip(event.agency),
        el('div', { className: 'what' }, [
          event.href ? el('a', { href: event.href, text: event.title }) : el('strong', { text: event.title }),
          event.detail ? el('div', { className: 'detail', text: event.detail }) : null,
        ]),
      ]));
    });
  }

  function renderMap(person) {
    var world = U.worldMap('map');
    var markers = L.featureGroup().addTo(world.map);
    window.personMarkers = markers;
    nodes(person.interdictions).forEach(function (i) {
      U.marker([i.location.latitude, i.location.longitude], { color: '#b3261e', className: 'record-marker interdiction-marker' },
        [human(i.type) + ' · ' + day(i.occurredAt), i.station + ' station, ' + i.sector + ' sector'], '/record/interdiction/' + i.id).addTo(markers);
    });
    var unplaced = 0;
    nodes(person.crossings).forEach(function (c) {
      var at = PORTS[c.port];
      if (!at) { unplaced += 1; return; }
      U.marker(at, { color: '#1f6feb', radius: 5, className: 'record-marker crossing-marker' }, ['Crossing ' + human(c.direction).toLowerCase() + ' · ' + day(c.crossedAt), c.port + ', ' + human(c.conveyance)]).addTo(markers);
    });
    var note = document.getElementById('map-note');
    var placed = markers.getLayers().length;
    if (placed) world.map.fitBounds(markers.getBounds(), { padding: [30, 30], maxZoom: 7 });
    note.appendChild(el('span', { className: 'legend' }, [
      el('span', {}, [el('span', { className: 'swatch round', style: { background: '#b3261e' } }), 'interdictions']),
      el('span', {}, [el('span', { className: 'swatch round', style: { background: '#1f6feb' } }), 'crossings (at their port of entry)']),
    ]));
    if (!placed) note.appendChild(document.createTextNode(' Nothing released to you to map.'));
    if (unplaced) note.appendChild(document.createTextNode(' ' + unplaced + ' crossings at ports this map does not know.'));
    return world.outlines;
  }
})();
