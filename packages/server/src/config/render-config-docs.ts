import { configOptions, type ConfigGroup, type ConfigOption } from './config-options.js';

/**
 * docs/configuration.md, generated from the option table so the two cannot drift
 * (`tessera config docs > docs/configuration.md`; a test compares them).
 */
export function renderConfigDocs(): string {
  const groups = new Map<ConfigGroup, ConfigOption[]>();
  for (const spec of Object.values(configOptions) as ConfigOption[]) {
    groups.set(spec.group, [...(groups.get(spec.group) ?? []), spec]);
  }
  const lines = [
    '# Configuration',
    '',
    '<!-- Generated from packages/server/src/config/config-options.ts by `npx tessera config docs`. Do not edit by hand. -->',
    '',
    'Tessera reads its configuration from the environment. Empty values count as unset. A bad value stops',
    'start-up with one line naming the variable (exit code 2); `npx tessera config check` validates without starting.',
    '',
  ];
  for (const [group, specs] of groups) {
    lines.push(`## ${group}`, '', '| variable | meaning | default |', '| --- | --- | --- |');
    for (const spec of specs) lines.push(`| \`${spec.env}\` | ${spec.doc.replaceAll('|', '\\|')} | ${defaultCell(spec)} |`);
    lines.push('');
  }
  return lines.join('\n');
}

function defaultCell(spec: ConfigOption): string {
  if (spec.defaultDoc !== undefined) return spec.defaultDoc;
  if (spec.default === undefined) return 'unset';
  if (spec.default === '') return 'empty';
  return `\`${spec.default}\``;
}
