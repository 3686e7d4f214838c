// A network view as files for the tools analysts already use: GraphML (Gephi, yEd, Cytoscape
// desktop), CSV of nodes and of edges, and an i2 Analyst's Notebook chart (.anx, its XML chart
// format). Plain ES5, loaded by the network page as window.UnityNetworkExport and by Node with
// require() (tests read the files back).
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory(typeof require === 'function' ? require('../shared/tabular.js') : null);
  else root.UnityNetworkExport = factory(root.UnityTabular);
})(this, function (tabular) {
  'use strict';

  function xml(text) {
    return String(text === null || text === undefined ? '' : text)
      .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
      // Characters XML 1.0 cannot hold at all.
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
  }
  function edgeLabel(edge) {
    return edge.kind === 'MEMBERSHIP' ? edge.role || 'MEMBER' : edge.kind === 'ASSOCIATION' ? edge.associationKind || 'ASSOCIATE' : edge.kind === 'USES_SELECTOR' ? 'USES' : 'AFFILIATE';
  }

  var SELECTOR_TYPES = { PHONE: 'Phone', EMAIL: 'Email Address', VEHICLE: 'Vehicle', ADDRESS: 'Address', IDENTITY_DOCUMENT: 'Document', ACCOUNT: 'Account' };
  var NODE_KEYS = [['kind', 'string'], ['name', 'string'], ['distance', 'int'], ['degree', 'int'], ['betweenness', 'double']];
  var EDGE_KEYS = [['kind', 'string'], ['role', 'string'], ['associationKind', 'string']];

  /** GraphML 1.0: an undirected graph, each node's and edge's fields as declared data keys. */
  function graphml(network) {
    var lines = ['<?xml version="1.0" encoding="UTF-8"?>',
      '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">'];
    NODE_KEYS.forEach(function (key) { lines.push('  <key id="n_' + key[0] + '" for="node" attr.name="' + key[0] + '" attr.type="' + key[1] + '"/>'); });
    EDGE_KEYS.forEach(function (key) { lines.push('  <key id="e_' + key[0] + '" for="edge" attr.name="' + key[0] + '" attr.type="' + key[1] + '"/>'); });
    lines.push('  <graph id="unity-table-network" edgedefault="undirected">');
    network.nodes.forEach(function (node) {
      lines.push('    <node id="' + xml(node.id) + '">' + NODE_KEYS.map(function (key) {
        return '<data key="n_' + key[0] + '">' + xml(node[key[0]]) + '</data>';
      }).join('') + '</node>');
    });
    network.edges.forEach(function (edge, index) {
      lines.push('    <edge id="e' + index + '" source="' + xml(edge.source) + '" target="' + xml(edge.target) + '">' + EDGE_KEYS.filter(function (key) {
        return edge[key[0]] !== null && edge[key[0]] !== undefined;
      }).map(function (key) { return '<data key="e_' + key[0] + '">' + xml(edge[key[0]]) + '</data>'; }).join('') + '</edge>');
    });
    lines.push('  </graph>', '</graphml>');
    return lines.join('\n') + '\n';
  }

  function nodesCsv(network) {
    return tabular.toCsv(network.nodes.map(function (node) {
      return tabular.flatten({ id: node.id, kind: node.kind, name: node.name, distance: node.distance, degree: node.degree, betweenness: node.betweenness });
    }));
  }
  function edgesCsv(network) {
    return tabular.toCsv(network.edges.map(function (edge) {
      return tabular.flatten({ source: edge.source, target: edge.target, kind: edge.kind, role: edge.role || null, associationKind: edge.associationKind || null, label: edgeLabel(edge) });
    }));
  }

  /**
   * An i2 Analyst's Notebook chart in its XML format (.anx): one entity per node (Person or
   * Organisation icon, the registry id as its identity, so re-imports merge), one link per edge
   * labelled with the role or tie kind; positions from the page's layout when given.
   */
  function anx(network, positions) {
    var lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<Chart>',
      '  <EntityTypeCollection>',
      '    <EntityType Name="Person" IconFile="Person"/>',
      '    <EntityType Name="Organisation" IconFile="Organisation"/>',
      '  </EntityTypeCollection>',
      '  <LinkTypeCollection><LinkType Name="Link" Colour="0"/></LinkTypeCollection>',
      '  <ChartItemCollection>'];
    network.nodes.forEach(function (node, index) {
      var at = positions && positions[node.id] ? positions[node.id] : { x: (index % 40) * 60, y: Math.floor(index / 40) * 60 };
      // i2's standard icon types; a selector is shown by its kind (Phone, Vehicle, Address, Document, Account).
      var type = node.kind === 'ORGANIZATION' ? 'Organisation' : node.kind === 'SELECTOR' ? SELECTOR_TYPES[node.selectorKind] || 'Document' : 'Person';
      lines.push('    <ChartItem Label="' + xml(node.name) + '" Description="' + xml(node.kind + ', degree ' + node.degree + ', betweenness ' + node.betweenness) + '" DateSet="false" XPosition="' + Math.round(at.x) + '">' +
        '<End Y="' + Math.round(at.y) + '"><Entity EntityId="' + xml(node.id) + '" Identity="' + xml(node.id) + '"><Icon><IconStyle Type="' + type + '"/></Icon></Entity></End></ChartItem>');
    });
    network.edges.forEach(function (edge) {
      lines.push('    <ChartItem Label="' + xml(edgeLabel(edge)) + '" Description="' + xml(edge.kind) + '" DateSet="false">' +
        '<Link End1Id="' + xml(edge.source) + '" End2Id="' + xml(edge.target) + '"><LinkStyle Type="Link" ArrowStyle="ArrowNone" Strength="1"/></Link></ChartItem>');
    });
    lines.push('  </ChartItemCollection>', '</Chart>');
    return lines.join('\n') + '\n';
  }

  return { graphml: graphml, nodesCsv: nodesCsv, edgesCsv: edgesCsv, anx: anx };
});
