// The network explorer: the network around a target (Network), expanded and collapsed node by
// node, filtered by tie kind and role, sized by degree or betweenness, the shortest path between
// two chosen nodes (ShortestPath), and exports. Large views (up to the 2,000-node limit) get a
// concentric layout by distance and Cytoscape's viewport shortcuts, so panning stays fluid.
(function () {
  'use strict';
  var U = window.Unity;
  var el = U.el, human = U.human;
  var config = U.config;
  var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  var params = new URLSearchParams(location.search);
  // ?selectors=1: the phones, vehicles, addresses, documents and accounts the targets share, each a node.
  var withSelectors = params.get('selectors') === '1';
  var VIA = withSelectors ? ['MEMBERSHIP', 'ASSOCIATION', 'AFFILIATION', 'SELECTOR'] : ['MEMBERSHIP', 'ASSOCIATION', 'AFFILIATION'];
  var KINDS = withSelectors ? ['MEMBERSHIP', 'ASSOCIATION', 'AFFILIATION', 'USES_SELECTOR'] : ['MEMBERSHIP', 'ASSOCIATION', 'AFFILIATION'];
  var ROLE_COLORS = {
    LEADER: '#b3261e', COORDINATOR: '#d9730d', FINANCIER: '#7b5ea7', RECRUITER: '#c2185b', SMUGGLER: '#1f6feb', FACILITATOR: '#5d4037',
    STASH_HOUSE_OPERATOR: '#6d4c41', GUIDE: '#2e7d32', DRIVER: '#00838f', LOOKOUT: '#607d8b',
  };
  // Above this many nodes the layout is concentric by distance (linear time) instead of force-directed
  // (cose: seconds at a few hundred nodes), and Cytoscape draws a texture while the view moves.
  var LARGE = 150;
  var cy = null;
  var nodesById = {};
  var edgesByKey = {};
  var addedBy = {}; // node id -> ids of the nodes its expansion added
  var selected = null;
  var pathEnds = { from: null, to: null };
  var sizeBy = 'betweenness';

  document.getElementById('explorer-link').href = '/explorer?operation=Network&variables=' + encodeURIComponent(JSON.stringify({ rootId: config.id, depth: 2, via: VIA }));
  if (!U.requireSession()) return;
  if (!UUID.test(config.id)) {
    U.fail('"' + config.id + '" is not a target id: the address must be /network/<person or organization id>, a UUID.');
    return;
  }
  var depthSelect = document.getElementById('depth');
  depthSelect.value = params.get('depth') || '2';
  var selectorsBox = document.getElementById('with-selectors');
  selectorsBox.checked = withSelectors;
  function reload() { location.search = '?depth=' + depthSelect.value + (selectorsBox.checked ? '&selectors=1' : ''); }
  depthSelect.onchange = reload;
  selectorsBox.onchange = reload;

  /** A node's own page: a person's or organization's dossier; a selector's network (who else uses it). */
  function targetLink(node) {
    if (node.kind === 'SELECTOR') return el('a', { href: '/network/' + node.id + '?selectors=1', text: human(node.selectorKind || 'SELECTOR') + ' ' + node.name });
    return el('a', { href: (node.kind === 'PERSON' ? '/person/' : '/organization/') + node.id, text: node.name });
  }

  function edgeKey(edge) {
    return [edge.source, edge.target, edge.kind, edge.role || edge.associationKind || ''].join('|');
  }
  var roleByPerson = {}; // a person's role in the first organization it is seen to belong to, for its colour
  function noteRole(edge) {
    if (edge.kind === 'MEMBERSHIP' && edge.role && !roleByPerson[edge.source]) roleByPerson[edge.source] = edge.role;
  }
  function sizes(node) {
    if (node.kind === 'ORGANIZATION') return { byDegree: 40, byBetweenness: 40 };
    if (node.kind === 'SELECTOR') return { byDegree: 10 + Math.min(50, 10 * Math.sqrt(node.degree)), byBetweenness: 10 + Math.round(50 * node.betweenness) };
    return { byDegree: 12 + Math.min(60, 12 * Math.sqrt(node.degree)), byBetweenness: 12 + Math.round(60 * node.betweenness) };
  }
  function element(node) {
    var size = sizes(node);
    return { group: 'nodes', data: { id: node.id, label: node.name, kind: node.kind, byDegree: size.byDegree, byBetweenness: size.byBetweenness, color: node.kind === 'ORGANIZATION' ? '#1f2a44' : node.kind === 'SELECTOR' ? '#0b7285' : ROLE_COLORS[roleByPerson[node.id]] || '#888' } };
  }
  function edgeElement(edge) {
    return { group: 'edges', data: { id: edgeKey(edge), source: edge.source, target: edge.target, kind: edge.kind, role: edge.role || '' } };
  }
  /** The graph as shown: visible nodes and edges, for the exports. */
  function shown() {
    var visible = cy.elements(':visible');
    return {
      nodes: visible.nodes().map(function (n) { return nodesById[n.id()]; }),
      edges: visible.edges().map(function (e) { return edgesByKey[e.id()]; }),
    };
  }

  U.request('Network', { rootId: config.id, depth: Number(depthSelect.value), via: VIA }).then(function (answer) {
    U.reportWithheld('Network', answer.errors);
    var network = answer.data.network;
    if (!network || !network.nodes.length) {
      U.fail('No person, organization or selector with id ' + config.id + ' is in the registry, or it is not released to your agency.');
      return;
    }
    network.nodes.forEach(function (node) { nodesById[node.id] = node; });
    network.edges.forEach(function (edge) { edgesByKey[edgeKey(edge)] = edge; noteRole(edge); });
    var root = nodesById[config.id];
    document.title = 'Network of ' + root.name + ' · Unity Table';
    document.getElementById('root-name').appendChild(root.kind === 'SELECTOR' ? el('span', { text: human(root.selectorKind) + ' ' + root.name })
      : targetLink(root));
    U.setStatus('');
    document.getElementById('content').hidden = false;
    buildFilters(network);
    draw(network);
    renderList();
    note(network);
  }).catch(function (error) {
    U.fail(error.message);
  });

  function note(network) {
    document.getElementById('graph-note').textContent = Object.keys(nodesById).length + ' nodes, ' + Object.keys(edgesByKey).length + ' ties' +
      (network.truncated ? '; cut at the node limit: narrow the depth to see all of it' : '') +
      (network.betweennessEstimated ? '; betweenness estimated from a sample' : '') + '. Double-click a node to expand or collapse it.';
  }

  /**
   * The whole look. Filters and the size measure switch classes on the elements that change (a new
   * stylesheet would restyle all of them: measured several times slower at 2,000 nodes).
   */
  function stylesheet() {
    return [
      { selector: 'node', style: { 'background-color': 'data(color)', width: 'data(byBetweenness)', height: 'data(byBetweenness)', 'font-size': 10, color: '#1d2330', 'text-valign': 'bottom', 'text-margin-y': 2, 'min-zoomed-font-size': 6 } },
      { selector: 'node.named, node:selected, node.on-path', style: { label: 'data(label)', 'text-background-color': '#fff', 'text-background-opacity': 0.8, 'text-background-padding': 1 } },
      { selector: 'node[kind = "ORGANIZATION"]', style: { shape: 'round-rectangle', 'font-weight': 'bold' } },
      { selector: 'node[kind = "SELECTOR"]', style: { shape: 'diamond' } },
      { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#f5b400' } },
      { selector: 'edge', style: { width: 1, 'line-color': '#c3cad5', 'curve-style': 'haystack' } },
      { selector: 'edge[kind = "ASSOCIATION"]', style: { 'line-color': '#d9730d', 'line-style': 'dashed' } },
      { selector: 'edge[kind = "AFFILIATION"]', style: { width: 2, 'line-color': '#1f2a44' } },
      { selector: 'edge[kind = "USES_SELECTOR"]', style: { 'line-color': '#0b7285', 'line-style': 'dotted' } },
      { selector: '.on-path', style: { 'line-color': '#f5b400', width: 4, 'border-width': 3, 'border-color': '#f5b400', 'z-index': 10 } },
      { selector: 'node.by-degree', style: { width: 'data(byDegree)', height: 'data(byDegree)' } },
      { selector: '.filtered', style: { display: 'none' } },
    ];
  }

  function draw(network) {
    var large = network.nodes.length > LARGE;
    var central = network.nodes.slice().sort(function (a, b) { return b.betweenness - a.betweenness; }).slice(0, 12).map(function (n) { return n.id; });
    var elements = network.nodes.map(function (node) {
      var item = element(node);
      if (node.id === config.id || central.indexOf(node.id) >= 0 || (!large && node.kind === 'ORGANIZATION')) item.classes = 'named';
      return item;
    }).concat(network.edges.map(edgeElement));
    cy = cytoscape({
      container: document.getElementById('graph'),
      elements: elements,
      hideEdgesOnViewport: large,
      textureOnViewport: large,
      pixelRatio: large ? 1 : 'auto',
      style: stylesheet(),
      layout: large
        ? { name: 'concentric', concentric: function (node) { return 10 - nodesById[node.id()].distance; }, levelWidth: function () { return 1; }, minNodeSpacing: 4, animate: false }
        : { name: 'cose', animate: false, padding: 20, numIter: 200, nodeRepulsion: function () { return 9000; } },
    });
    window.networkGraph = cy;
    cy.on('tap', 'node', function (event) { select(event.target.id()); });
    cy.on('dbltap', 'node', function (event) { toggle(event.target.id()); });
    cy.ready(function () { U.ready(); });
  }

  // ---------------------------------------------------------------- filters and sizes

  function buildFilters(network) {
    var kinds = document.getElementById('kinds');
    KINDS.forEach(function (kind) {
      kinds.appendChild(el('label', {}, [el('input', { type: 'checkbox', checked: true, 'data-kind': kind }), ' ' + human(kind).toLowerCase()]));
    });
    var roles = {};
    network.edges.forEach(function (edge) { if (edge.role) roles[edge.role] = true; });
    var roleBox = document.getElementById('roles');
    Object.keys(roles).sort().forEach(function (role) {
      roleBox.appendChild(el('label', {}, [el('input', { type: 'checkbox', checked: true, 'data-role': role }), el('span', { className: 'swatch', style: { background: ROLE_COLORS[role] || '#888' } }), ' ' + human(role).toLowerCase()]));
    });
    kinds.onchange = roleBox.onchange = applyFilters;
    Array.prototype.forEach.call(document.querySelectorAll('input[name="size"]'), function (radio) {
      radio.onchange = function () {
        sizeBy = radio.value;
        cy.batch(function () { cy.nodes().toggleClass('by-degree', sizeBy === 'degree'); });
      };
    });
  }
  function checked(selector, attribute) {
    var on = {};
    Array.prototype.forEach.call(document.querySelectorAll(selector), function (box) { if (box.checked) on[box.getAttribute(attribute)] = true; });
    return on;
  }
  /**
   * Hides ties of unchecked kinds and roles, then persons left without a visible tie (never the root,
   * never an organization); only elements whose state changes are touched.
   */
  function applyFilters() {
    var kinds = checked('#kinds input', 'data-kind');
    var roles = checked('#roles input', 'data-role');
    var tied = {};
    cy.batch(function () {
      cy.edges().forEach(function (edge) {
        var keep = !!(kinds[edge.data('kind')] && (edge.data('kind') !== 'MEMBERSHIP' || roles[edge.data('role')]));
        if (keep) {
          tied[edge.data('source')] = true;
          tied[edge.data('target')] = true;
        }
        if (keep === edge.hasClass('filtered')) edge.toggleClass('filtered', !keep);
      });
      cy.nodes().forEach(function (node) {
        var keep = node.id() === config.id || node.data('kind') === 'ORGANIZATION' || !!tied[node.id()];
        if (keep === node.hasClass('filtered')) node.toggleClass('filtered', !keep);
      });
    });
    showInList();
  }

  // ---------------------------------------------------------------- selection, expand, collapse

  function select(id) {
    selected = id;
    cy.$(':selected').unselect();
    var node = cy.getElementById(id);
    node.select();
    var data = nodesById[id];
    var box = U.clear(document.getElementById('selected'));
    U.append(box, [
      targetLink(data),
      ' · ' + human(data.kind).toLowerCase() + ' · degree ' + data.degree + ' · betweenness ' + data.betweenness.toFixed(3) + ' · ' + data.distance + ' hops from the root',
    ]);
    document.getElementById('expand').disabled = !!addedBy[id];
    document.getElementById('collapse').disabled = !addedBy[id];
    document.getElementById('path-from').disabled = false;
    document.getElementById('path-to').disabled = false;
  }
  function toggle(id) {
    return addedBy[id] ? collapse(id) : expand(id);
  }
  /** Adds the target's own neighbourhood (one hop), placed around it. */
  function expand(id) {
    return U.request('Network', { rootId: id, depth: 1, via: VIA }).then(function (answer) {
      U.reportWithheld('Network', answer.errors);
      var network = answer.data.network;
      if (!network) return;
      var added = [];
      var center = cy.getElementById(id).position();
      var fresh = network.nodes.filter(function (node) { return !nodesById[node.id]; });
      cy.batch(function () {
        fresh.forEach(function (node, index) {
          nodesById[node.id] = node;
          var angle = (2 * Math.PI * index) / Math.max(1, fresh.length);
          var item = element(node);
          if (sizeBy === 'degree') item.classes = 'by-degree';
          item.position = { x: center.x + 120 * Math.cos(angle), y: center.y + 120 * Math.sin(angle) };
          cy.add(item);
          added.push(node.id);
        });
        network.edges.forEach(function (edge) {
          var key = edgeKey(edge);
          if (edgesByKey[key]) return;
          edgesByKey[key] = edge;
          noteRole(edge);
          cy.add(edgeElement(edge));
        });
      });
      addedBy[id] = added;
      renderList();
      applyFilters();
      select(id);
    }).catch(function (error) { U.reportError('Expand: ' + error.message); });
  }
  /** Removes what expanding the node added (and what expanding those added). */
  function collapse(id) {
    (addedBy[id] || []).forEach(function (child) {
      if (addedBy[child]) collapse(child);
      cy.getElementById(child).remove();
      delete nodesById[child];
    });
    Object.keys(edgesByKey).forEach(function (key) {
      var edge = edgesByKey[key];
      if (!nodesById[edge.source] || !nodesById[edge.target]) delete edgesByKey[key];
    });
    delete addedBy[id];
    renderList();
    select(id);
    return Promise.resolve();
  }
  document.getElementById('expand').onclick = function () { if (selected) expand(selected); };
  document.getElementById('collapse').onclick = function () { if (selected) collapse(selected); };

  // ---------------------------------------------------------------- shortest path

  document.getElementById('path-from').onclick = function () { pathEnds.from = selected; findPath(); };
  document.getElementById('path-to').onclick = function () { pathEnds.to = selected; findPath(); };
  function findPath() {
    var box = U.clear(document.getElementById('path'));
    if (!pathEnds.from || !pathEnds.to) {
      box.appendChild(el('p', { className: 'note', text: 'Path from ' + (pathEnds.from ? nodesById[pathEnds.from].name : '…') + ' to ' + (pathEnds.to ? nodesById[pathEnds.to].name : '…') + ': choose the other end.' }));
      return Promise.resolve();
    }
    return U.request('ShortestPath', { fromId: pathEnds.from, toId: pathEnds.to, via: VIA }).then(function (answer) {
      U.reportWithheld('ShortestPath', answer.errors);
      cy.elements('.on-path').removeClass('on-path');
      var path = answer.data.path;
      if (!path || !path.found) {
        box.appendChild(el('p', { className: 'note', text: 'No chain of ties released to you joins ' + nodesById[pathEnds.from].name + ' and ' + nodesById[pathEnds.to].name + ' within 4 steps.' }));
        return;
      }
      cy.batch(function () {
        path.nodes.forEach(function (node) {
          if (!nodesById[node.id]) { nodesById[node.id] = node; cy.add(element(node)); }
          cy.getElementById(node.id).addClass('on-path');
        });
        path.edges.forEach(function (edge) {
          var key = edgeKey(edge);
          if (!edgesByKey[key]) { edgesByKey[key] = edge; cy.add(edgeElement(edge)); }
          cy.getElementById(key).addClass('on-path');
        });
      });
      box.appendChild(el('p', {}, [el('strong', { text: 'Shortest path, ' + path.length + ' step' + (path.length === 1 ? '' : 's') + ':' })]));
      box.appendChild(el('ol', { id: 'path-steps' }, path.nodes.map(function (node, index) {
        var edge = path.edges[index];
        return el('li', { 'data-id': node.id }, [
          targetLink(node),
          edge ? ' — ' + human(edge.role || edge.associationKind || edge.kind).toLowerCase() + ' —' : null,
        ]);
      })));
    }).catch(function (error) { U.reportError('Shortest path: ' + error.message); });
  }

  // ---------------------------------------------------------------- the node list (keyboard)

  /** The node list, most central first: rebuilt when nodes come or go, shown or hidden with the filters. */
  function renderList() {
    var list = U.clear(document.getElementById('node-list'));
    var ordered = Object.keys(nodesById).map(function (id) { return nodesById[id]; })
      .sort(function (a, b) { return b.betweenness - a.betweenness || a.name.localeCompare(b.name); });
    var fragment = document.createDocumentFragment();
    ordered.forEach(function (node) {
      fragment.appendChild(el('li', { 'data-id': node.id }, [
        el('button', { type: 'button', className: 'pick', 'data-id': node.id, text: node.name }),
        ' ' + human(node.kind).toLowerCase() + ', degree ' + node.degree,
      ]));
    });
    list.appendChild(fragment);
    showInList();
  }
  function showInList() {
    var shownCount = 0;
    Array.prototype.forEach.call(document.getElementById('node-list').children, function (item) {
      var hidden = cy.getElementById(item.getAttribute('data-id')).hasClass('filtered');
      if (item.hidden !== hidden) item.hidden = hidden;
      if (!hidden) shownCount += 1;
    });
    document.getElementById('list-title').textContent = 'Nodes (' + shownCount + '), most central first';
  }
  document.getElementById('node-list').addEventListener('click', function (event) {
    var id = event.target.getAttribute('data-id');
    if (!id) return;
    select(id);
    cy.animate({ center: { eles: cy.getElementById(id) }, duration: 200 });
  });

  // ---------------------------------------------------------------- exports

  var X = window.UnityNetworkExport;
  function positions() {
    var out = {};
    cy.nodes().forEach(function (n) { out[n.id()] = n.position(); });
    return out;
  }
  function base() {
    return 'network-' + nodesById[config.id].name.replace(/\W+/g, '-').toLowerCase();
  }
  document.getElementById('export-graphml').onclick = function () { U.download(base() + '.graphml', 'application/graphml+xml', X.graphml(shown())); };
  document.getElementById('export-nodes').onclick = function () { U.download(base() + '-nodes.csv', 'text/csv', X.nodesCsv(shown())); };
  document.getElementById('export-edges').onclick = function () { U.download(base() + '-edges.csv', 'text/csv', X.edgesCsv(shown())); };
  document.getElementById('export-anx').onclick = function () { U.download(base() + '.anx', 'application/xml', X.anx(shown(), positions())); };
})();
