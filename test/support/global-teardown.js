const fs = require('node:fs');

module.exports = async function globalTeardown() {
  if (globalThis.__UNITY_TEST_PG__) await globalThis.__UNITY_TEST_PG__.stop();
  if (globalThis.__UNITY_TEST_DATA_DIR__) fs.rmSync(globalThis.__UNITY_TEST_DATA_DIR__, { recursive: true, force: true });
};
