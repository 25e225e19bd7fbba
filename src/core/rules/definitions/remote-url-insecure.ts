import { defineRule } from '../ruleTypes';
import { plaintextAllowedHost } from '../support/plaintextHosts';
import { spanIn } from '../support/sourceSpans';

export const rule = defineRule({
  meta: {
    code: 'remote-url-insecure',
    defaultSeverity: 'error',
    docs: {
      summary: 'gateway.remote.url uses plaintext ws:// to a host that is not loopback, private, .local or .ts.net.',
      openclaw: 'The token would travel in clear text, and OpenClaw\'s CLI refuses to connect: "SECURITY ERROR: Gateway URL "ws://…" uses plaintext ws:// to a non-loopback address."',
      fix: 'Use wss:// (and optionally gateway.remote.tlsFingerprint), or reach the gateway through an SSH tunnel or Tailscale.',
    },
    messages: {
      plaintext:
        'gateway.remote.url sends the token in clear text over ws:// to {host}. OpenClaw\'s CLI refuses this ("SECURITY ERROR: … plaintext ws:// to a non-loopback address"). Use wss://, an SSH tunnel or Tailscale.',
    },
  },
  check: ({ model, env }) => {
    if (!model?.remoteUrl.node || model.remoteUrl.value === undefined) return [];
    let url: URL;
    try {
      url = new URL(model.remoteUrl.value.trim());
    } catch {
      return [];
    }
    if (url.protocol !== 'ws:' || plaintextAllowedHost(url.hostname, env)) return [];
    return [{ ...spanIn(model.remoteUrl.node, model.remoteUrl.source), messageId: 'plaintext', args: { host: url.hostname } }];
  },
});
