import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseSystemdUnit, parseSystemdEnvFile, unitEnvironment, runsOpenclawGateway, renderEnvironmentWord } from '../../src/core/effective/systemdUnit';
import { parseLaunchdPlist } from '../../src/core/effective/launchdPlist';
import { parseShellProfile } from '../../src/core/effective/shellProfile';
import { discoverServiceSources, removeServiceValue, setServiceValue, servesConfig, type ServiceSource } from '../../src/core/effective/serviceSources';
import { memoryReader } from '../../src/core/effective/sourceReader';
import { applyTextEdits } from '../../src/core/fixes/textEdits';
import type { ServiceAssignment } from '../../src/core/effective/serviceText';

const CTX = { home: '/home/ann', user: 'ann', uid: 1000 };

function pairs(assignments: readonly ServiceAssignment[]): Array<[string, string]> {
  return assignments.map((a) => [a.name, a.value]);
}

function written(text: string, a: ServiceAssignment): string {
  return text.slice(a.valueOffset, a.valueOffset + a.valueLength);
}

describe('systemd unit', () => {
  it('reads quoted, escaped and multiple assignments per line with their written spans', () => {
    const text = '[Service]\nEnvironment="OPENCLAW_GATEWAY_TOKEN=a b\\"c" PORT=1 \'X=y z\'\nEnvironment=Q="in side" R=a\\x41\\n\n';
    const doc = parseSystemdUnit(text, CTX);
    assert.deepEqual(pairs(doc.assignments), [
      ['OPENCLAW_GATEWAY_TOKEN', 'a b"c'],
      ['PORT', '1'],
      ['X', 'y z'],
      ['Q', 'in side'],
      ['R', 'aA\n'],
    ]);
    assert.equal(written(text, doc.assignments[0]), 'a b\\"c');
    assert.equal(written(text, doc.assignments[2]), 'y z');
    assert.equal(written(text, doc.assignments[3]), '"in side"');
    assert.equal(doc.assignments[3].line, 2);
  });

  it('expands specifiers and keeps unknown ones as written, marked dynamic', () => {
    const doc = parseSystemdUnit('[Service]\nEnvironment=A=%h/x B=100%% C=%u:%U D=%Z\n', CTX);
    assert.deepEqual(pairs(doc.assignments), [
      ['A', '/home/ann/x'],
      ['B', '100%'],
      ['C', 'ann:1000'],
      ['D', '%Z'],
    ]);
    assert.equal(doc.assignments[3].dynamic, true);
    assert.equal(doc.assignments[0].dynamic, undefined);
  });

  it('joins continuation lines, skips comments inside them, and ignores other sections and words without =', () => {
    const text = '[Unit]\nEnvironment=NOT=service\n# Environment=C=comment\n[Service]\nEnvironment=A=1 \\\n# inner comment\n  B=2 junk\n; Environment=D=4\n';
    const doc = parseSystemdUnit(text, CTX);
    assert.deepEqual(pairs(doc.assignments), [
      ['A', '1'],
      ['B', '2'],
    ]);
    assert.equal(doc.assignments[1].line, 6);
    assert.equal(written(text, doc.assignments[1]), '2');
  });

  it('EnvironmentFile= with -, several files, resets, and the unit/drop-in order', () => {
    const unit = parseSystemdUnit('[Service]\nEnvironment=A=1 T=old\nEnvironmentFile=-%h/.openclaw/gateway.systemd.env\nEnvironmentFile=/etc/x.env\n', CTX);
    const dropIn = parseSystemdUnit('[Service]\nEnvironment=\nEnvironment=T=new\nEnvironmentFile=\nEnvironmentFile=/etc/y.env\n', CTX);
    const alone = unitEnvironment([unit]);
    assert.deepEqual(alone.files.map((f) => [f.path, f.optional]), [
      ['/home/ann/.openclaw/gateway.systemd.env', true],
      ['/etc/x.env', false],
    ]);
    const both = unitEnvironment([unit, dropIn]);
    assert.deepEqual([...both.inline.keys()], ['T']);
    assert.equal(both.inline.get('T')?.assignment.value, 'new');
    assert.deepEqual(both.files.map((f) => f.path), ['/etc/y.env']);
  });

  it('tells a unit that runs openclaw gateway from one that does not', () => {
    assert.equal(runsOpenclawGateway('/usr/bin/node /home/ann/.npm-global/lib/node_modules/openclaw/dist/index.js gateway --port 18789'), true);
    assert.equal(runsOpenclawGateway('/usr/local/bin/openclaw gateway run'), true);
    assert.equal(runsOpenclawGateway('/usr/local/bin/openclaw node run'), false);
    assert.equal(runsOpenclawGateway('/usr/bin/nginx -g daemon off;'), false);
    assert.equal(runsOpenclawGateway(undefined), false);
  });

  it('renders words the way OpenClaw does, and quotes what systemd would read as a quote', () => {
    assert.equal(renderEnvironmentWord('T', 'abc'), 'T=abc');
    assert.equal(renderEnvironmentWord('T', 'a b%'), '"T=a b%%"');
    assert.equal(renderEnvironmentWord('T', "it's"), '"T=it\'s"');
    assert.equal(renderEnvironmentWord('T', 'a\nb'), undefined);
  });
});

describe('systemd EnvironmentFile format', () => {
  it('reads quotes, escapes, comments and trailing whitespace as systemd does', () => {
    const text = '# c\n; c\nA=plain  \nB="x \\"y\\" \\$z"\nC=\'lit $x\'\n  D = spaced\nE=a\\ b\nnot a line\n';
    const doc = parseSystemdEnvFile(text);
    assert.deepEqual(pairs(doc.assignments), [
      ['A', 'plain'],
      ['B', 'x "y" $z'],
      ['C', 'lit $x'],
      ['D', 'spaced'],
      ['E', 'a b'],
    ]);
    assert.equal(written(text, doc.assignments[1]), '"x \\"y\\" \\$z"');
    assert.equal(doc.assignments[3].line, 5);
  });
});

describe('launchd plist', () => {
  const plist = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
  <dict>
    <key>Label</key>
    <string>ai.openclaw.gateway</string>
    <!-- <key>EnvironmentVariables</key> in a comment -->
    <key>ProgramArguments</key>
    <array>
      <string>/bin/sh</string>
      <string>/Users/ann/.openclaw/service-env/ai.openclaw.gateway-env-wrapper.sh</string>
      <string>/Users/ann/.openclaw/service-env/ai.openclaw.gateway.env</string>
      <string>/usr/local/bin/openclaw</string>
      <string>gateway</string>
    </array>
    <key>KeepAlive</key>
    <true/>
    <key>EnvironmentVariables</key>
    <dict>
    <key>OPENCLAW_GATEWAY_TOKEN</key>
    <string>a&amp;b&lt;&#x41;&#66;</string>
    <key>HOME</key>
    <string><![CDATA[/Users/a&n]]></string>
    </dict>
  </dict>
</plist>
`;
  it('reads Label, ProgramArguments and EnvironmentVariables with entities and CDATA', () => {
    const doc = parseLaunchdPlist(plist);
    assert.equal(doc.xml, true);
    assert.equal(doc.label, 'ai.openclaw.gateway');
    assert.equal(doc.programArguments.length, 5);
    assert.deepEqual(pairs(doc.assignments), [
      ['OPENCLAW_GATEWAY_TOKEN', 'a&b<AB'],
      ['HOME', '/Users/a&n'],
    ]);
    assert.equal(written(plist, doc.assignments[0]), 'a&amp;b&lt;&#x41;&#66;');
  });
  it('does not read a binary plist', () => {
    assert.equal(parseLaunchdPlist('bplist00\u0000\u0001').xml, false);
  });
});

describe('shell profiles', () => {
  it('finds export, X=…; export X, declare -x and quoting; other variables are not kept', () => {
    const text = [
      'export PATH="$HOME/bin:$PATH"',
      "export OPENCLAW_GATEWAY_TOKEN='tok en'",
      'OPENCLAW_GATEWAY_PASSWORD="p\\"w"; export OPENCLAW_GATEWAY_PASSWORD',
      'declare -x OPENCLAW_GATEWAY_URL=ws://127.0.0.1:18789 # local',
      'OPENCLAW_GATEWAY_TOKEN=only-for-cmd some-command',
      'GATEWAY_TOKEN=$(cat ~/.tok)',
      'AWS_SECRET_ACCESS_KEY=never-kept',
      '# export OPENCLAW_GATEWAY_TOKEN=commented',
    ].join('\n');
    const doc = parseShellProfile(text, 'posix', (n) => n.includes('GATEWAY'));
    assert.deepEqual(
      doc.assignments.map((a) => [a.name, a.value, a.exported, a.dynamic ?? false]),
      [
        ['OPENCLAW_GATEWAY_TOKEN', 'tok en', true, false],
        ['OPENCLAW_GATEWAY_PASSWORD', 'p"w', true, false],
        ['OPENCLAW_GATEWAY_URL', 'ws://127.0.0.1:18789', true, false],
        ['GATEWAY_TOKEN', '$(cat ~/.tok)', false, true],
      ],
    );
    assert.equal(written(text, doc.assignments[0]), "'tok en'");
    assert.equal(doc.assignments[1].line, 2);
  });
  it('reads fish set -x / -gx / --export, and ignores set without export and set -e', () => {
    const text = "set -gx OPENCLAW_GATEWAY_TOKEN 'it\\'s'\nset --export --global OPENCLAW_GATEWAY_URL ws://h:1\nset OPENCLAW_GATEWAY_PASSWORD plain\nset -e OPENCLAW_GATEWAY_TOKEN\n";
    const doc = parseShellProfile(text, 'fish');
    assert.deepEqual(
      doc.assignments.map((a) => [a.name, a.value, a.exported]),
      [
        ['OPENCLAW_GATEWAY_TOKEN', "it's", true],
        ['OPENCLAW_GATEWAY_URL', 'ws://h:1', true],
        ['OPENCLAW_GATEWAY_PASSWORD', 'plain', false],
      ],
    );
  });
});

function source(kind: ServiceSource['kind'], text: string, extra: Partial<ServiceSource> = {}): ServiceSource {
  return { kind, path: '/f', text, readBy: 'gateway-service', assignments: [], ...extra };
}

function edited(src: ServiceSource, edits: ReturnType<typeof setServiceValue>): string {
  assert.ok(edits, 'an edit was expected');
  for (const e of edits) assert.equal(e.file, '/f');
  return applyTextEdits(src.text, edits);
}

describe('edits in each file’s own syntax', () => {
  it('systemd unit: update in place with systemd quoting, add after the last Environment=, remove a word or the line', () => {
    const unit = source('systemd-unit', '[Service]\nExecStart=/usr/bin/openclaw gateway\nEnvironment=A=1 OPENCLAW_GATEWAY_TOKEN=old\nEnvironment="OPENCLAW_GATEWAY_TOKEN=old 2"\n\n[Install]\n');
    assert.equal(
      edited(unit, setServiceValue(unit, 'OPENCLAW_GATEWAY_TOKEN', 'n"e w%', CTX)),
      '[Service]\nExecStart=/usr/bin/openclaw gateway\nEnvironment=A=1 "OPENCLAW_GATEWAY_TOKEN=n\\"e w%%"\nEnvironment="OPENCLAW_GATEWAY_TOKEN=n\\"e w%%"\n\n[Install]\n',
    );
    assert.equal(edited(unit, removeServiceValue(unit, 'OPENCLAW_GATEWAY_TOKEN', CTX)), '[Service]\nExecStart=/usr/bin/openclaw gateway\nEnvironment=A=1\n\n[Install]\n');
    assert.equal(edited(unit, setServiceValue(unit, 'NEW', 'v', CTX)), '[Service]\nExecStart=/usr/bin/openclaw gateway\nEnvironment=A=1 OPENCLAW_GATEWAY_TOKEN=old\nEnvironment="OPENCLAW_GATEWAY_TOKEN=old 2"\nEnvironment=NEW=v\n\n[Install]\n');
    assert.equal(setServiceValue(unit, 'OPENCLAW_GATEWAY_TOKEN', 'a\nb', CTX), undefined);
  });
  it('systemd env file: OpenClaw’s serialisation, remove the line', () => {
    const file = source('systemd-env-file', 'A=1\nOPENCLAW_GATEWAY_TOKEN=old\n');
    assert.equal(edited(file, setServiceValue(file, 'OPENCLAW_GATEWAY_TOKEN', 'a $b', CTX)), 'A=1\nOPENCLAW_GATEWAY_TOKEN="a \\$b"\n');
    assert.equal(edited(file, removeServiceValue(file, 'OPENCLAW_GATEWAY_TOKEN', CTX)), 'A=1\n');
    assert.equal(edited(file, setServiceValue(file, 'B', 'x', CTX)), 'A=1\nOPENCLAW_GATEWAY_TOKEN=old\nB=x\n');
  });
  it('launchd plist: XML escaping, insert into the dict, remove the key/string pair', () => {
    const text = '<plist version="1.0">\n  <dict>\n    <key>Label</key>\n    <string>ai.openclaw.gateway</string>\n    <key>EnvironmentVariables</key>\n    <dict>\n      <key>OPENCLAW_GATEWAY_TOKEN</key>\n      <string>old</string>\n    </dict>\n  </dict>\n</plist>\n';
    const plist = source('launchd-plist', text);
    assert.equal(edited(plist, setServiceValue(plist, 'OPENCLAW_GATEWAY_TOKEN', "a<&'", CTX)), text.replace('<string>old</string>', '<string>a&lt;&amp;&apos;</string>'));
    assert.equal(edited(plist, removeServiceValue(plist, 'OPENCLAW_GATEWAY_TOKEN', CTX)), text.replace('      <key>OPENCLAW_GATEWAY_TOKEN</key>\n      <string>old</string>\n', ''));
    assert.equal(edited(plist, setServiceValue(plist, 'B', 'x', CTX)), text.replace('    </dict>\n  </dict>', '      <key>B</key>\n      <string>x</string>\n    </dict>\n  </dict>'));
  });
  it('service-env file: OpenClaw’s export KEY=\'value\' form', () => {
    const file = source('service-env-file', "# Generated by OpenClaw.\nexport OPENCLAW_GATEWAY_TOKEN='old'\nexport HOME='/Users/a'\n");
    assert.equal(edited(file, setServiceValue(file, 'OPENCLAW_GATEWAY_TOKEN', "it's", CTX)), "# Generated by OpenClaw.\nexport OPENCLAW_GATEWAY_TOKEN='it'\\''s'\nexport HOME='/Users/a'\n");
  });
  it('shell profile: update with shell quoting; remove the export line, an X=…; export X pair, or one word of several', () => {
    const profile = source('shell-profile', "alias ll='ls -l'\nexport OPENCLAW_GATEWAY_TOKEN=old # from the forum post\nexport A=1 OPENCLAW_GATEWAY_TOKEN=old2\nOPENCLAW_GATEWAY_TOKEN=old3; export OPENCLAW_GATEWAY_TOKEN\n", { readBy: 'new-shells', dialect: 'posix' });
    assert.equal(
      edited(profile, setServiceValue(profile, 'OPENCLAW_GATEWAY_TOKEN', 'n w', CTX)),
      "alias ll='ls -l'\nexport OPENCLAW_GATEWAY_TOKEN='n w' # from the forum post\nexport A=1 OPENCLAW_GATEWAY_TOKEN='n w'\nOPENCLAW_GATEWAY_TOKEN='n w'; export OPENCLAW_GATEWAY_TOKEN\n",
    );
    assert.equal(edited(profile, removeServiceValue(profile, 'OPENCLAW_GATEWAY_TOKEN', CTX)), "alias ll='ls -l'\nexport A=1\n");
    const fish = source('shell-profile', 'set -gx OPENCLAW_GATEWAY_TOKEN old\necho hi\n', { readBy: 'new-shells', dialect: 'fish' });
    assert.equal(edited(fish, setServiceValue(fish, 'OPENCLAW_GATEWAY_TOKEN', "a'b", CTX)), "set -gx OPENCLAW_GATEWAY_TOKEN 'a\\'b'\necho hi\n");
    assert.equal(edited(fish, removeServiceValue(fish, 'OPENCLAW_GATEWAY_TOKEN', CTX)), 'echo hi\n');
  });
});

describe('discovery', () => {
  const home = '/home/ann';
  const files: Record<string, string> = {
    [`${home}/.config/systemd/user/openclaw-gateway.service`]: `[Service]\nExecStart=/usr/bin/openclaw gateway --port 18789\nEnvironmentFile=-%h/.openclaw/gateway.systemd.env\nEnvironment=OPENCLAW_GATEWAY_TOKEN=inline\n`,
    [`${home}/.config/systemd/user/openclaw-gateway.service.d/override.conf`]: `[Service]\nEnvironment=OPENCLAW_GATEWAY_PORT=18790\n`,
    [`${home}/.openclaw/gateway.systemd.env`]: 'OPENCLAW_GATEWAY_TOKEN=fromfile\n',
    [`${home}/.config/systemd/user/my-claw.service`]: `[Service]\nExecStart=/usr/bin/node /opt/openclaw/dist/index.js gateway\nEnvironment=OPENCLAW_CONFIG_PATH=/srv/other.json\n`,
    [`${home}/.config/systemd/user/nginx.service`]: `[Service]\nExecStart=/usr/bin/nginx\nEnvironment=OPENCLAW_GATEWAY_TOKEN=unrelated\n`,
    [`${home}/.bashrc`]: 'export OPENCLAW_GATEWAY_TOKEN=shell\nexport SECRET=x\n',
    [`${home}/.config/fish/config.fish`]: 'set -gx OPENCLAW_GATEWAY_URL ws://127.0.0.1:1\n',
  };
  it('finds OpenClaw’s unit with its drop-in and env file, other units running openclaw gateway, and profiles', () => {
    const found = discoverServiceSources(memoryReader(files), { home, configPath: `${home}/.openclaw/openclaw.json`, systemUnits: false });
    assert.deepEqual(
      found.services.map((s) => s.identity.name),
      ['my-claw.service', 'openclaw-gateway.service'],
    );
    const main = found.services[1];
    assert.deepEqual(main.sources.map((s) => [s.kind, s.path]), [
      ['systemd-unit', `${home}/.config/systemd/user/openclaw-gateway.service`],
      ['systemd-unit', `${home}/.config/systemd/user/openclaw-gateway.service.d/override.conf`],
      ['systemd-env-file', `${home}/.openclaw/gateway.systemd.env`],
    ]);
    // EnvironmentFile= wins over Environment=.
    assert.equal(main.environment.get('OPENCLAW_GATEWAY_TOKEN')?.value, 'fromfile');
    assert.equal(main.environment.get('OPENCLAW_GATEWAY_PORT')?.value, '18790');
    assert.equal(main.identity.applyCommand, 'systemctl --user daemon-reload && systemctl --user restart openclaw-gateway.service');
    assert.equal(servesConfig(main, `${home}/.openclaw/openclaw.json`), true);
    assert.equal(servesConfig(found.services[0], `${home}/.openclaw/openclaw.json`), false);
    assert.deepEqual(found.profiles.map((p) => [p.path, pairs(p.assignments)]), [
      [`${home}/.bashrc`, [['OPENCLAW_GATEWAY_TOKEN', 'shell']]],
      [`${home}/.config/fish/config.fish`, [['OPENCLAW_GATEWAY_URL', 'ws://127.0.0.1:1']]],
    ]);
    assert.ok(found.watched.includes(`${home}/.zshrc`));
    assert.ok(found.watched.includes(`${home}/.openclaw/gateway.systemd.env`));
  });
  it('launchd: the plist and the service-env file its wrapper loads (the file wins); the profile of another label is skipped', () => {
    const label = 'ai.openclaw.gateway';
    const envFile = `${home}/.openclaw/service-env/${label}.env`;
    const plist = `<?xml version="1.0"?>\n<plist version="1.0"><dict><key>Label</key><string>${label}</string><key>ProgramArguments</key><array><string>/bin/sh</string><string>${home}/.openclaw/service-env/${label}-env-wrapper.sh</string><string>${envFile}</string><string>/usr/local/bin/openclaw</string><string>gateway</string></array><key>EnvironmentVariables</key><dict><key>OPENCLAW_GATEWAY_TOKEN</key><string>plist</string></dict></dict></plist>\n`;
    const found = discoverServiceSources(
      memoryReader({
        [`${home}/Library/LaunchAgents/${label}.plist`]: plist,
        [envFile]: "# Generated by OpenClaw. Do not edit while the gateway service is installed.\nexport OPENCLAW_GATEWAY_TOKEN='from file'\n",
        [`${home}/Library/LaunchAgents/ai.openclaw.node.plist`]: '<plist version="1.0"><dict><key>Label</key><string>ai.openclaw.node</string></dict></plist>',
      }),
      { home, configPath: `${home}/.openclaw/openclaw.json`, systemUnits: false },
    );
    assert.deepEqual(found.services.map((s) => s.identity.name), [label]);
    assert.deepEqual(found.services[0].sources.map((s) => s.kind), ['launchd-plist', 'service-env-file']);
    assert.equal(found.services[0].environment.get('OPENCLAW_GATEWAY_TOKEN')?.value, 'from file');
    assert.equal(found.services[0].sources[1].service?.applyCommand, `launchctl kickstart -k gui/$UID/${label}`);
  });

  it('finds nothing with discovery off, except the files named', () => {
    const found = discoverServiceSources(memoryReader(files), { home, configPath: '/x.json', discover: false, explicitPaths: [`${home}/.config/systemd/user/nginx.service`] });
    assert.deepEqual(found.services.map((s) => s.identity.name), ['nginx.service']);
    assert.deepEqual(found.profiles, []);
  });
});
