// The dossier page: runs TargetDossier and Network for one organization and renders its profile,
// members by role, every agency's actions on one timeline, a map of interdictions (Leaflet over
// world-atlas country outlines, no tile server) and the member network (Cytoscape).
// Plain ES5 and browser globals (L, topojson, cytoscape), like the explorer's script.
(function () {
  'use strict';
  var config = window.Unity.config;
  var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  var ROLES = ['LEADER', 'COORDINATOR', 'FINANCIER', 'RECRUITER', 'SMUGGLER', 'STASH_HOUSE_OPERATOR', 'GUIDE', 'DRIVER', 'LOOKOUT'];
  var ROLE_COLORS = {
    LEADER: '#b3261e', COORDINATOR: '#d9730d', FINANCIER: '#7b5ea7', RECRUITER: '#c2185b', SMUGGLER: '#1f6feb',
    STASH_HOUSE_OPERATOR: '#6d4c41', GUIDE: '#2e7d32', DRIVER: '#00838f', LOOKOUT: '#607d8b',
  };
  var INTERDICTION_COLORS = { APPREHENSION: '#1f6feb', SEIZURE: '#b3261e', STASH_HOUSE_RAID: '#6d4c41', VEHICLE_IMPOUND: '#d9730d', CHECKPOINT_STOP: '#2e7d32' };
  // The finance subgraph is Treasury's system: only Treasury holds finance:write.
  var FINANCE_AGENCY = 'TREASURY';

  var U = window.Unity;
  var el = U.el, human = U.human, day = U.day, money = U.money, nodes = U.nodes, agencyChip = U.agencyChip;
  var reportError = U.reportError, fail = U.fail, setStatus = U.setStatus;
  var run = U.request;
  document.getElementById('explorer-link').href = '/explorer?operation=TargetDossier&variables=' + encodeURIComponent(JSON.stringify({ id: config.id }));

  // ---------------------------------------------------------------- the page

  if (!U.requireSession()) return;
  if (!UUID.test(config.id)) {
    fail('"' + config.id + '" is not an organization id: the address must be /dossier/<organization id>, a UUID (find one with the SearchTargets operation in the explorer).');
    return;
  }

  setStatus('Loading the dossier…');
  var dossierAnswer = run(config.documents.TargetDossier, { id: config.id });
  var networkAnswer = run(config.documents.Network, { rootId: config.id, depth: 1 }).catch(function (error) { return { failed: error }; });
  var holdingsAnswer = run('OrganizationHoldings', { id: config.id }).catch(function (error) { return { failed: error }; });

  dossierAnswer.then(function (dossier) {
    var organization = dossier.data.organization;
    U.reportWithheld('TargetDossier', dossier.errors);
    if (!organization) {
      fail(dossier.errors && dossier.errors.length
        ? 'The dossier could not be loaded: see the errors below.'
        : 'No organization with id ' + config.id + ' is in the registry, or it is not released to your agency.');
      return;
    }
    document.title = organization.name + ' · Unity Table dossier';
    setStatus('');
    document.getElementById('content').hidden = false;
    var people = {};
    nodes(organization.members).forEach(function (member) { people[member.person.id] = member.person; });

    renderProfile(organization);
    document.getElementById('export-members').onclick = function () {
      U.exportAll('OrganizationMembers', { id: organization.id }, 'members-' + organization.name.replace(/\W+/g, '-').toLowerCase() + '.csv')
        .catch(function (error) { reportError('Members export: ' + error.message); });
    };
    renderMembers(organization.members);
    var parts = [
      holdingsAnswer.then(function (holdings) {
        if (holdings.failed) reportError('Pointers and travel restrictions by issuing agency: ' + holdings.failed.message + ' (the timeline shows the members\u2019 restrictions instead).');
        var held = holdings.data && holdings.data.organization;
        var restrictions = held && held.travelRestrictions;
        renderTimeline(organization, restrictions ? nodes(restrictions) : null, people);
        if (held) renderPointers(held);
        if (held && held.activityArea) renderActivityArea(held.activityArea);
      }),
      renderMap(organization.interdictions).catch(function (error) { reportError('Map: ' + error.message); }),
      networkAnswer.then(function (network) {
        if (network.failed) return reportError('Network: ' + network.failed.message);
        U.reportWithheld('Network', network.errors);
        if (network.data.network) renderGraph(network.data.network, organization);
      }),
    ];
    return Promise.all(parts).then(function () {
      U.ready();
    });
  }).catch(function (error) {
    fail(error.message);
  });

  // ---------------------------------------------------------------- profile

  function renderProfile(organization) {
    var profile = document.getElementById('profile');
    var facts = [
      ['Kind', human(organization.kind)],
      ['Threat level', el('span', { className: 'threat threat-' + organization.threatLevel, text: human(organization.threatLevel) })],
      ['Priority', organization.priorityRank ? '#' + organization.priorityRank + ' task-force priority' : 'not a priority target'],
      ['Regions', organization.regions.join(', ') || '–'],
    ];
    if (organization.parent) facts.push(['Cell of', el('a', { href: '/organization/' + organization.parent.id, text: organization.parent.name })]);
    var affiliates = nodes(organization.affiliates);
    if (affiliates.length) {
      var links = el('span');
      affiliates.forEach(function (affiliate, index) {
        if (index) links.appendChild(document.createTextNode(', '));
        links.appendChild(el('a', { href: '/organization/' + affiliate.id, text: affiliate.name }));
      });
      facts.push(['Affiliates', links]);
    }
    if (organization.provenance) facts.push(['Recorded by', organization.provenance.agency + ', ' + day(organization.provenance.recordedAt)]);
    // The organization's own selectors (a front company's line, a warehouse), each once with every
    // agency that saw it (one link per agency), each opening who else uses it.
    var ownLinks = nodes(organization.selectors);
    var seenBy = {};
    var selectors = [];
    ownLinks.forEach(function (link) {
      if (!seenBy[link.selector.id]) { seenBy[link.selector.id] = []; selectors.push(link.selector); }
      if (link.provenance && seenBy[link.selector.id].indexOf(link.provenance.agency) < 0) seenBy[link.selector.id].push(link.provenance.agency);
    });
    if (selectors.length) {
      var used = el('span', { id: 'org-selectors' });
      selectors.forEach(function (selector, index) {
        if (index) used.appendChild(document.createTextNode(', '));
        used.appendChild(el('a', { href: '/network/' + selector.id + '?selectors=1', 'data-selector': selector.id, text: human(selector.kind).toLowerCase() + ' ' + selector.display, title: 'seen by ' + seenBy[selector.id].join(', ') }));
      });
      if (organization.selectors.totalCount > ownLinks.length) used.appendChild(document.createTextNode(' and more (' + organization.selectors.totalCount + ' links in all)'));
      facts.push(['Seen using', used]);
    }

    var figures = [];
    var interdictions = organization.interdictionSummary;
    if (interdictions) figures.push(['Apprehensions', interdictions.apprehensions], ['Migrants encountered', interdictions.migrantsEncountered], ['Seized (CBP)', money(interdictions.seizedValueUsd)]);
    var finance = organization.financialSummary;
    if (finance) figures.push(['Designated members', finance.designatedMembers], ['Frozen', money(finance.frozenValueUsd)], ['Forfeited assets', money(finance.seizedValueUsd)]);
    var travel = organization.travelSummary;
    if (travel) figures.push(['Active travel restrictions', travel.activeRestrictions]);
    if (organization.cases) figures.push(['Cases', organization.cases.totalCount]);

    profile.appendChild(el('h1', { id: 'org-name', text: organization.name }));
    profile.appendChild(el('p', {}, [el('a', { href: '/network/' + organization.id, text: 'Open the network explorer' }), ' · ',
      el('a', { href: '/briefing?organizationId=' + organization.id, text: 'this week\u2019s briefing' })]));
    if (organization.aliases.length) profile.appendChild(el('p', { className: 'aliases', text: 'also known as ' + organization.aliases.join(' · ') }));
    profile.appendChild(el('dl', { className: 'facts' }, facts.reduce(function (list, fact) {
      return list.concat([el('dt', { text: fact[0] }), el('dd', {}, [fact[1]])]);
    }, [])));
    if (figures.length) {
      profile.appendChild(el('ul', { className: 'figures' }, figures.map(function (figure) {
        return el('li', {}, [el('strong', { text: String(figure[1]) }), el('span', { text: figure[0] })]);
      })));
    }
  }

  // ---------------------------------------------------------------- members

  function renderMembers(connection) {
    var container = document.getElementById('member-groups');
    var members = nodes(connection);
    var byRole = {};
    members.forEach(function (member) { (byRole[member.role] = byRole[member.role] || []).push(member); });
    var roles = ROLES.filter(function (role) { return byRole[role]; })
      .concat(Object.keys(byRole).filter(function (role) { return ROLES.indexOf(role) < 0; }));
    document.getElementById('members-title').textContent = 'Members (' + connection.totalCount + ')';
    if (!members.length) container.appendChild(el('p', { className: 'note', text: 'No members released to you.' }));
    roles.forEach(function (role) {
      var group = el('div', { className: 'role-group', 'data-role': role }, [
        el('h3', {}, [el('span', { className: 'swatch', style: { background: ROLE_COLORS[role] || '#888' } }), human(role) + ' ', el('small', { text: '(' + byRole[role].length + ')' })]),
      ]);
      group.appendChild(el('ul', {}, byRole[role].map(function (member) {
        var person = member.person;
        var counts = [
          ['cases', person.cases], ['interdictions', person.interdictions], ['sanctions', person.sanctions], ['travel restrictions', person.travelRestrictions],
        ].filter(function (pair) { return pair[1] && pair[1].totalCount; }).map(function (pair) {
          return el('span', { className: 'count', text: pair[1].totalCount + ' ' + pair[0] });
        });
        var detail = [person.nationality, member.since ? 'since ' + member.since : null, member.until ? 'until ' + member.until : null].filter(Boolean).join(' · ');
        return el('li', { 'data-person': person.id }, [
          el('a', { href: '/person/' + person.id, className: 'member-name', text: person.name }),
          person.aliases.length ? el('span', { className: 'aliases', text: ' “' + person.aliases.join('”, “') + '”' }) : null,
          detail ? el('div', { className: 'detail', text: detail }) : null,
          counts.length ? el('div', { className: 'counts' }, counts) : null,
        ]);
      })));
      container.appendChild(group);
    });
    if (connection.pageInfo && connection.pageInfo.hasNextPage) {
      container.appendChild(el('p', { className: 'note', text: 'The first ' + members.length + ' of ' + connection.totalCount + ' members.' }));
    }
  }

  // ---------------------------------------------------------------- timeline

  function renderTimeline(organization, restrictions, people) {
    var events = [];
    function add(at, agency, kind, title, detail, href) {
      if (at) events.push({ at: at, agency: agency, kind: kind, title: title, detail: detail, href: href });
    }
    function personName(person) {
      return person && people[person.id] ? people[person.id].name : null;
    }
    nodes(organization.interdictions).forEach(function (i) {
      var seized = (i.seizures || []).map(function (s) { return Number(s.quantity).toLocaleString('en-US') + ' ' + s.unit + ' ' + human(s.category).toLowerCase(); }).join(', ');
      add(i.occurredAt, i.provenance ? i.provenance.agency : 'CBP', 'interdiction', human(i.type) + ', ' + i.sector + ' sector',
        [i.station + ' station', i.migrantsEncountered ? i.migrantsEncountered + ' migrants encountered' : null, seized ? 'seized ' + seized : null].filter(Boolean).join(' · '), '/record/interdiction/' + i.id);
    });
    nodes(organization.cases).forEach(function (c) {
      var partners = c.partnerAgencies && c.partnerAgencies.length ? 'with ' + c.partnerAgencies.join(', ') : null;
      add(c.openedAt, c.leadAgency, 'case', 'Case ' + c.caseNumber + ' opened', [c.title, partners, human(c.status)].filter(Boolean).join(' · '), '/record/case/' + c.id);
      if (c.closedAt) add(c.closedAt, c.leadAgency, 'case', 'Case ' + c.caseNumber + ' closed', c.title, '/record/case/' + c.id);
    });
    nodes(organization.arrests).forEach(function (a) {
      add(a.arrestedAt, a.agency, 'arrest', 'Arrest' + (personName(a.person) ? ' of ' + personName(a.person) : ''), a.location);
    });
    nodes(organization.sanctions).forEach(function (s) {
      add(s.designatedAt, FINANCE_AGENCY, 'sanction', 'Sanctions designation (' + s.program + ')' + (personName(s.person) ? ' of ' + personName(s.person) : ''),
        [s.authority, 'list entry ' + s.listEntryId].join(' · '), '/record/sanction/' + s.id);
    });
    nodes(organization.assetSeizures).forEach(function (s) {
      add(s.seizedAt, FINANCE_AGENCY, 'asset-seizure', 'Asset seizure: ' + human(s.assetType).toLowerCase() + ', ' + money(s.valueUsd), [s.description, s.authority].join(' · '), '/record/asset-seizure/' + s.id);
    });
    if (restrictions) {
      restrictions.forEach(function (r) {
        add(r.issuedAt, r.issuingAgency, 'travel', human(r.type) + (personName(r.person) ? ' for ' + personName(r.person) : ''),
          human(r.status) + (r.liftedAt ? ', lifted ' + day(r.liftedAt) : ''), '/record/restriction/' + r.id);
      });
    } else {
      var seen = {};
      nodes(organization.members).forEach(function (member) {
        nodes(member.person.travelRestrictions).forEach(function (r) {
          if (seen[r.id]) return;
          seen[r.id] = true;
          add(r.issuedAt, 'CBP/STATE', 'travel', human(r.type) + ' for ' + member.person.name, human(r.status));
        });
      });
    }
    events.sort(function (a, b) { return a.at < b.at ? 1 : a.at > b.at ? -1 : 0; });

    var list = document.getElementById('timeline');
    var agencies = {};
    events.forEach(function (event) { agencies[event.agency] = (agencies[event.agency] || 0) + 1; });
    document.querySelector('#timeline-panel h2').textContent = 'Timeline (' + events.length + ')';
    var legend = el('p', { className: 'legend' }, Object.keys(agencies).sort().map(function (agency) {
      return el('span', {}, [agencyChip(agency), ' ' + agencies[agency]]);
    }));
    list.parentNode.insertBefore(legend, list);
    var totals = [
      ['interdictions', organization.interdictions], ['cases', organization.cases], ['arrests', organization.arrests],
      ['sanctions', organization.sanctions], ['asset seizures', organization.assetSeizures],
    ].filter(function (pair) { return pair[1] && pair[1].totalCount > pair[1].edges.length; });
    if (totals.length) {
      list.parentNode.insertBefore(el('p', { className: 'note', text: 'Latest records only: ' + totals.map(function (pair) {
        return pair[1].edges.length + ' of ' + pair[1].totalCount + ' ' + pair[0];
      }).join(', ') + '.' }), list);
    }
    if (!events.length) list.appendChild(el('li', { className: 'note', text: 'No agency records released to you.' }));
    events.forEach(function (event) {
      list.appendChild(el('li', { className: 'event event-' + event.kind }, [
        el('time', { datetime: event.at, text: day(event.at) }),
        agencyChip(event.agency),
        el('div', { className: 'what' }, [event.href ? el('a', { href: event.href, text: event.title }) : el('strong', { text: event.title }), event.detail ? el('div', { className: 'detail', text: event.detail }) : null]),
      ]));
    });
  }

  // ---------------------------------------------------------------- pointers

  /** Records other agencies hold on the organization that are not released to the caller: whom to ask. */
  function renderPointers(held) {
    var lists = [['members', 'Members', 'member-groups'], ['interdictions', 'Interdictions', 'map-note'], ['cases', 'Cases', 'timeline'], ['arrests', 'Arrests', 'timeline'],
      ['sanctions', 'Sanctions designations', 'timeline'], ['accounts', 'Financial accounts', 'timeline'], ['assetSeizures', 'Asset seizures', 'timeline'], ['travelRestrictions', 'Travel restrictions', 'timeline']];
    lists.forEach(function (list) {
      var notes = U.pointerNotes(held[list[0]]);
      if (!notes) return;
      var anchor = document.getElementById(list[2]);
      anchor.parentNode.insertBefore(el('div', { className: 'list-note', 'data-list': list[0] }, [el('strong', { text: list[1] + ': ' }), notes]), anchor);
    });
  }

  // ---------------------------------------------------------------- map

  function renderMap(connection) {
    var world = U.worldMap('map');
    var map = world.map;
    window.dossierMap = map;
    var interdictions = nodes(connection).filter(function (i) { return i.location; });
    var markers = L.featureGroup().addTo(map);
    window.dossierMarkers = markers;
    interdictions.forEach(function (i) {
      U.marker([i.location.latitude, i.location.longitude], { color: INTERDICTION_COLORS[i.type] || '#333', className: 'interdiction-marker' },
        [human(i.type) + ' · ' + day(i.occurredAt), i.station + ' station, ' + i.sector + ' sector'], '/record/interdiction/' + i.id).addTo(markers);
    });
    var note = document.getElementById('map-note');
    if (interdictions.length) {
      map.fitBounds(markers.getBounds(), { padding: [30, 30], maxZoom: 7 });
      var legend = el('span', { className: 'legend' }, Object.keys(INTERDICTION_COLORS).map(function (type) {
        return el('span', {}, [el('span', { className: 'swatch round', style: { background: INTERDICTION_COLORS[type] } }), human(type)]);
      }));
      note.textContent = interdictions.length + ' of ' + connection.totalCount + ' interdictions, the latest. ';
      note.appendChild(legend);
    } else {
      note.textContent = connection ? 'No interdictions released to you.' : 'Interdictions are not available to you.';
    }
    return world.outlines;
  }

  // The markers are the latest interdictions only; the activity area covers all of them (released to
  // the caller): the box they fall in and the busiest sectors, sized by their share.
  function renderActivityArea(area) {
    var map = window.dossierMap;
    if (!map || !area.boundingBox) return;
    var box = area.boundingBox;
    var bounds = [[box.southWest.latitude, box.southWest.longitude], [box.northEast.latitude, box.northEast.longitude]];
    L.rectangle(bounds, { className: 'activity-area', color: '#8a5a00', weight: 1.5, dashArray: '4 4', fill: false, interactive: false }).addTo(map);
    var busiest = area.busiestSectors.length ? area.busiestSectors[0].interdictions : 1;
    var sectors = L.featureGroup().addTo(map);
    window.dossierSectors = sectors;
    area.busiestSectors.forEach(function (s) {
      U.marker([s.center.latitude, s.center.longitude], { color: '#8a5a00', radius: 8 + 14 * s.interdictions / busiest, className: 'sector-marker' },
        [s.sector + ' sector', s.interdictions + ' of ' + area.interdictions + ' interdictions']).addTo(sectors);
    });
    sectors.bringToBack();
    map.fitBounds(bounds, { padding: [30, 30], maxZoom: 7 });
    var note = document.getElementById('map-note');
    if (note) {
      note.appendChild(el('span', { className: 'activity-note', text: ' Dashed box: where all ' + area.interdictions + ' fall; shaded circles: the busiest sectors (' +
        area.busiestSectors.map(function (s) { return s.sector + ' ' + s.interdictions; }).join(', ') + ').' }));
    }
  }

  // ---------------------------------------------------------------- network

  /**
   * The selectors two or more members (or the organization) were seen using, from the dossier's
   * member selectors: a burner phone a cell shares is the tie the graph should show. A selector one
   * member alone uses is on their page, not drawn here.
   */
  function sharedSelectors(organization, network) {
    var users = {};
    var selectors = {};
    nodes(organization.members).forEach(function (member) {
      nodes(member.person.selectors).forEach(function (link) {
        selectors[link.selector.id] = link.selector;
        (users[link.selector.id] = users[link.selector.id] || {})[member.person.id] = true;
      });
    });
    var shown = {};
    network.nodes.forEach(function (node) { shown[node.id] = true; });
    var tied = {};
    network.edges.forEach(function (edge) { if (edge.kind === 'USES_SELECTOR') tied[edge.source + ' ' + edge.target] = true; });
    var added = { nodes: [], edges: [] };
    Object.keys(users).forEach(function (id) {
      var persons = Object.keys(users[id]).filter(function (person) { return shown[person]; });
      if (persons.length < 2 && !shown[id]) return;
      if (!shown[id]) added.nodes.push({ id: id, kind: 'SELECTOR', selectorKind: selectors[id].kind, name: selectors[id].display, betweenness: 0 });
      shown[id] = true;
      persons.forEach(function (person) {
        if (!tied[person + ' ' + id]) added.edges.push({ source: person, target: id, kind: 'USES_SELECTOR' });
      });
    });
    return added;
  }

  function renderGraph(network, organization) {
    var shared = sharedSelectors(organization, network);
    network = { nodes: network.nodes.concat(shared.nodes), edges: network.edges.concat(shared.edges), truncated: network.truncated };
    var roleOf = {};
    network.edges.forEach(function (edge) {
      if (edge.kind === 'MEMBERSHIP' && edge.target === organization.id) roleOf[edge.source] = edge.role;
    });
    // Names on the organization, its leaders, the selectors and the ten most central members; the others on hover.
    var central = network.nodes.filter(function (node) { return node.kind === 'PERSON'; })
      .sort(function (a, b) { return b.betweenness - a.betweenness; }).slice(0, 10)
      .map(function (node) { return node.id; });
    var elements = network.nodes.map(function (node) {
      var named = node.kind !== 'PERSON' || roleOf[node.id] === 'LEADER' || central.indexOf(node.id) >= 0;
      return { classes: named ? 'named' : '', data: {
        id: node.id, label: node.kind === 'SELECTOR' ? human(node.selectorKind || 'SELECTOR') + ' ' + node.name : node.name, kind: node.kind, role: roleOf[node.id] || '',
        color: node.kind === 'ORGANIZATION' ? '#1f2a44' : node.kind === 'SELECTOR' ? '#0b7285' : ROLE_COLORS[roleOf[node.id]] || '#888',
        size: node.kind === 'ORGANIZATION' ? 46 : node.kind === 'SELECTOR' ? 18 : 16 + Math.round(60 * node.betweenness),
      } };
    }).concat(network.edges.map(function (edge, index) {
      return { data: { id: 'e' + index, source: edge.source, target: edge.target, kind: edge.kind } };
    }));
    var cy = cytoscape({
      container: document.getElementById('graph'),
      elements: elements,
      style: [
        { selector: 'node', style: { 'background-color': 'data(color)', width: 'data(size)', height: 'data(size)', 'font-size': 10, color: '#1d2330', 'text-valign': 'bottom', 'text-margin-y': 2, 'text-background-color': '#fff', 'text-background-opacity': 0.7, 'text-background-padding': 1 } },
        { selector: 'node.named, node.hover, node:selected', style: { label: 'data(label)' } },
        { selector: 'node[kind = "ORGANIZATION"]', style: { shape: 'round-rectangle', 'font-size': 13, 'font-weight': 'bold' } },
        { selector: 'edge', style: { width: 1, 'line-color': '#c3cad5', 'curve-style': 'haystack' } },
        { selector: 'edge[kind = "ASSOCIATION"]', style: { width: 1.5, 'line-color': '#d9730d', 'line-style': 'dashed', 'curve-style': 'bezier' } },
        { selector: 'edge[kind = "AFFILIATION"]', style: { width: 2, 'line-color': '#1f2a44' } },
        { selector: 'node[kind = "SELECTOR"]', style: { shape: 'diamond' } },
        { selector: 'edge[kind = "USES_SELECTOR"]', style: { width: 1.5, 'line-color': '#0b7285', 'line-style': 'dotted', 'curve-style': 'bezier' } },
      ],
      // Ties between members pull them together; every member's tie to the organization is looser.
      layout: {
        name: 'cose', animate: false, padding: 20, numIter: 200, nodeRepulsion: function () { return 9000; },
        idealEdgeLength: function (edge) { return edge.data('kind') === 'MEMBERSHIP' ? 140 : 45; },
        edgeElasticity: function (edge) { return edge.data('kind') === 'MEMBERSHIP' ? 200 : 60; },
      },
    });
    cy.on('mouseover', 'node', function (event) { event.target.addClass('hover'); });
    cy.on('mouseout', 'node', function (event) { event.target.removeClass('hover'); });
    window.dossierGraph = cy;
    cy.on('tap', 'node', function (event) {
      if (event.target.data('kind') === 'SELECTOR') { location.href = '/network/' + event.target.id() + '?selectors=1'; return; }
      var row = document.querySelector('[data-person="' + event.target.id() + '"]');
      if (!row) return;
      row.scrollIntoView({ block: 'center', behavior: 'smooth' });
      row.classList.add('flash');
      setTimeout(function () { row.classList.remove('flash'); }, 1500);
    });
    var associations = network.edges.filter(function (edge) { return edge.kind === 'ASSOCIATION'; }).length;
    var count = function (kind) { return network.nodes.filter(function (node) { return node.kind === kind; }).length; };
    document.getElementById('graph-note').textContent = count('PERSON') + ' members, ' + associations +
      ' known ties between them (dashed), ' + count('SELECTOR') + ' selectors they share (diamonds, dotted; open one for who else uses it); size is betweenness centrality, colour the role. ' + (network.truncated ? 'Cut at the node limit.' : '');
  }
})();
