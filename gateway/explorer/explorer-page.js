(function () {
  var config = window.UNITY;
  var input = document.getElementById('token');
  var who = document.getElementById('who');
  var token = localStorage.getItem('unity-table-token') || '';
  input.value = token;
  document.getElementById('save').onclick = function () {
    localStorage.setItem('unity-table-token', input.value.trim());
    location.reload();
  };
  try {
    var claims = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    who.textContent = claims.agency + ' · ' + claims.sub + ' · ' + claims.scope;
  } catch (e) {
    who.textContent = token ? 'that is not a JWT' : 'no token yet';
  }

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

  function post(body) {
    return fetch(config.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token },
      body: JSON.stringify(body),
    }).then(function (response) { return response.json(); });
  }

  // Ready-to-run variables: the top priority target, its leader, and last week.
  var examples = token ? post({ query: '{ organizations(first: 1, filter: { priorityOnly: true }) { edges { node { id members(first: 1, role: LEADER) { edges { node { person { id } } } } } } } }' })
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
    var fetcher = GraphiQL.createFetcher({ url: config.endpoint, headers: { authorization: 'Bearer ' + token } });
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
