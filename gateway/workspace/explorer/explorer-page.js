// The explorer: GraphiQL with the canonical operations as tabs, sending the session's token and
// purpose of use (window.Unity, from session.js) with every request.
(function () {
  'use strict';
  var U = window.Unity;
  var config = U.config;
  var who = document.getElementById('who');

  // A link (or a test) can open one operation with its variables:
  // /explorer?operation=TargetDossier&variables={"id":"…"} puts that tab first and makes it active.
  var params = new URLSearchParams(location.search);
  var chosen = null;
  var chosenVariables = null;
  var notices = [];
  if (params.has('operation') || params.has('variables')) {
    var wanted = params.get('operation') || config.operations[0].name;
    chosen = config.operations.filter(function (operation) { return operation.name === wanted; })[0] || null;
    if (!chosen) notices.push('no canonical operation is called ' + wanted);
    if (chosen && params.has('variables')) {
      try {
        chosenVariables = JSON.parse(params.get('variables'));
      } catch (e) {
        notices.push('the variables in the address are not JSON');
      }
    }
  }
  if (notices.length) who.textContent += ' · ' + notices.join(' · ');

  // Ready-to-run variables: the top priority target, its leader, and last week.
  var examples = U.claims && U.purpose ? U.request('{ organizations(first: 1, filter: { priorityOnly: true }) { edges { node { id members(first: 1, role: LEADER) { edges { node { person { id } } } } } } } }')
    .then(function (result) {
      var organization = result.data.organizations.edges[0].node;
      return { organization: organization.id, person: organization.members.edges[0].node.person.id };
    }).catch(function () { return null; }) : Promise.resolve(null);

  examples.then(function (ids) {
    var organization = ids ? ids.organization : '<organization id>';
    var person = ids ? ids.person : '<person id>';
    var week = new Date(Date.now() - 7 * 86400000).toISOString();
    var variables = {
      TargetDossier: { id: organization },
      PersonDossier: { id: person },
      SearchTargets: { text: 'Gutierez' },
      Network: { rootId: person, depth: 2 },
      WeeklyBriefing: { from: week, to: new Date().toISOString() },
    };
    if (chosen && chosenVariables) variables[chosen.name] = chosenVariables;
    var operations = chosen ? [chosen].concat(config.operations.filter(function (operation) { return operation !== chosen; })) : config.operations;
    var tabs = operations.map(function (operation) {
      return { query: operation.query, variables: JSON.stringify(variables[operation.name], null, 2) };
    });
    var headers = U.headers();
    delete headers['content-type'];
    var fetcher = GraphiQL.createFetcher({ url: config.endpoint, headers: headers });
    var props = { fetcher: fetcher, defaultTabs: tabs, shouldPersistHeaders: false, defaultEditorToolsVisibility: 'variables' };
    // With tabs kept from an earlier visit GraphiQL ignores defaultTabs: query and variables then
    // select the matching tab, or open it.
    if (chosen) {
      props.query = tabs[0].query;
      props.variables = tabs[0].variables;
    }
    var root = ReactDOM.createRoot(document.getElementById('graphiql'));
    root.render(React.createElement(GraphiQL, props));
  });
})();
