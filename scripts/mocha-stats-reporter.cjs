// The spec reporter, plus the counts written to $OPENCLAW_TEST_STATS for the summary line.
const Mocha = require('mocha');
const { writeFileSync } = require('node:fs');

class StatsReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const failures = [];
    runner.on('fail', (test, err) => failures.push({ title: test.fullTitle(), error: String(err && err.message) }));
    runner.once('end', () => {
      const file = process.env.OPENCLAW_TEST_STATS;
      if (!file) return;
      const s = runner.stats || {};
      writeFileSync(file, JSON.stringify({ passes: s.passes || 0, failures: s.failures || 0, pending: s.pending || 0, failed: failures }));
    });
  }
}
module.exports = StatsReporter;
