// `node scripts/build-ui.ts [--package DIR]`: compiles force-app's Lightning web components
// and the local org's platform modules into localorg/dist/ui, as the local org does when it
// starts. A build with the same inputs is reused; a broken component fails with its error.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildUiBundle } from '../localorg/src/ui/build.ts';

const usage = 'Usage: node scripts/build-ui.ts [--package DIR]   (DIR defaults to force-app)';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { package: { type: 'string' }, help: { type: 'boolean', default: false } }
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const packageDir = path.resolve(values.package ?? path.join(import.meta.dirname, '..', 'force-app'));
  const started = Date.now();
  const bundle = await buildUiBundle({ packageDir });
  console.log(
    `UI bundle ${bundle.hash} in ${path.relative(process.cwd(), bundle.dir)} (${Date.now() - started} ms)`
  );
  for (const c of bundle.components.filter((c) => c.isElement)) {
    const placement =
      c.recordPageObjects === null
        ? 'not on record pages'
        : `record pages of ${c.recordPageObjects.length ? c.recordPageObjects.join(', ') : 'any object'}`;
    console.log(`  <${c.tag}>: ${placement}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
