// GraphQL answers as rows and CSV: one code path for the CLI (`--format csv|ndjson`, through
// lib/export/tabular.ts) and the workspace's pages (their "Export CSV" buttons). Plain ES5, loaded by
// a page as window.UnityTabular and by Node with require().
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.UnityTabular = factory();
})(this, function () {
  'use strict';

  function isObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  }
  function isConnection(value) {
    return isObject(value) && Array.isArray(value.edges) && isObject(value.pageInfo);
  }
  function isListOfObjects(value) {
    return Array.isArray(value) && value.length > 0 && value.every(isObject);
  }

  /**
   * The rows of an answer: the nearest connection's nodes, or the nearest plain list of objects
   * (`searchTargets`, `network.nodes`), searched breadth first so a list's rows win over the
   * connections inside each row. Null when the answer has neither.
   */
  function rowsOf(data) {
    var queue = [{ path: [], value: data }];
    while (queue.length) {
      var item = queue.shift();
      var value = item.value;
      if (isConnection(value)) {
        return {
          kind: 'connection', path: item.path, totalCount: value.totalCount, pageInfo: value.pageInfo,
          rows: value.edges.map(function (edge) { return edge.node; }),
        };
      }
      if (isListOfObjects(value)) return { kind: 'list', path: item.path, rows: value };
      if (isObject(value)) {
        Object.keys(value).forEach(function (key) { queue.push({ path: item.path.concat([key]), value: value[key] }); });
      }
    }
    return null;
  }

  /** Nested objects become dotted columns (`target.id`); lists stay JSON in one cell. */
  function flatten(value, prefix, out) {
    out = out || {};
    prefix = prefix || '';
    if (isObject(value)) {
      Object.keys(value).forEach(function (key) { flatten(value[key], prefix ? prefix + '.' + key : key, out); });
    } else {
      out[prefix || 'value'] = value === null || value === undefined ? '' : Array.isArray(value) ? JSON.stringify(value) : String(value);
    }
    return out;
  }

  /**
   * A cell a spreadsheet would run as a formula (record text starting with =, +, -, @) is prefixed
   * with an apostrophe, so opening an export never evaluates what another agency typed. Numbers are
   * left as they are.
   */
  function cell(text) {
    var safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?(e-?\d+)?$/i.test(text) ? "'" + text : text;
    return /[",\n\r]/.test(safe) ? '"' + safe.replace(/"/g, '""') + '"' : safe;
  }

  /** Rows of flat records as CSV, one column per key seen in any row, in order of appearance. */
  function toCsv(rows) {
    var columns = [];
    var seen = {};
    rows.forEach(function (row) {
      Object.keys(row).forEach(function (key) {
        if (!seen[key]) { seen[key] = true; columns.push(key); }
      });
    });
    var lines = [columns.map(cell).join(',')];
    rows.forEach(function (row) {
      lines.push(columns.map(function (column) { return cell(row[column] === undefined ? '' : row[column]); }).join(','));
    });
    return lines.join('\n') + '\n';
  }

  return { rowsOf: rowsOf, flatten: flatten, toCsv: toCsv };
});
