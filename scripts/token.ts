import { parseArgs } from '../lib/cli-args';
import { agencyCodes } from '../lib/identity/policy';
import { signDevelopmentToken } from '../lib/identity/tokens';
import { InvalidPurposeError, PURPOSES } from '../lib/identity/purpose';

const USAGE = `Usage: npm run --silent token -- --agency <${agencyCodes.join('|')}> [--sub <user>] [--scope "<scope> <scope>"] [--expires 8h] [--purpose <case number|${PURPOSES.join('|')}>]`;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const agency = typeof args.agency === 'string' ? args.agency.toUpperCase() : '';
  if (!agencyCodes.includes(agency)) {
    console.error(agency ? `Unknown agency "${agency}".\n${USAGE}` : `--agency is required.\n${USAGE}`);
    process.exit(2);
  }
  const token = await signDevelopmentToken({
    agency,
    sub: typeof args.sub === 'string' ? args.sub : undefined,
    scopes: typeof args.scope === 'string' ? args.scope.split(/[\s,]+/).filter(Boolean) : undefined,
    expiresIn: typeof args.expires === 'string' ? args.expires : undefined,
    purpose: typeof args.purpose === 'string' ? args.purpose : undefined,
  }).catch((error) => {
    if (!(error instanceof InvalidPurposeError)) throw error;
    console.error(`${error.message}\n${USAGE}`);
    process.exit(2);
  });
  process.stdout.write(`${token}\n`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
