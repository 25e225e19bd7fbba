import type { ConfigDocument } from '../configDocument';
import type { GatewayModel } from '../gatewayModel';
import type { Message } from '../messages';
import type { Environment } from '../secretValues';
import type { TextEdit } from './textEdits';

export interface FixProposal<FixId extends string = string> {
  /** Which of the rule's declared fixes this is (`meta.fixes`). */
  fixId: FixId;
  /** Never contains a secret (fingerprints only). */
  title: Message;
  isPreferred?: boolean;
  /** Part of fix-all and `check --fix`: certain, and never invents or rotates a secret. */
  safe: boolean;
  /** Writes a newly generated secret (the running gateway must then be restarted). */
  generatesSecret?: boolean;
  edits: TextEdit[];
  /**
   * A command the user runs after applying the edits (`systemctl --user daemon-reload && …`):
   * offered in a terminal, never run for them. Names no secret.
   */
  command?: string;
}

export interface FixContext {
  doc: ConfigDocument;
  model: GatewayModel;
  env: Environment;
  /** A new strong secret; injectable so tests are deterministic. */
  generateToken: () => string;
  /**
   * Fix-all wants only the safe fixes: the others are not built at all (each can re-parse the
   * whole file, which on a large config is most of the cost of `check --fix`).
   */
  onlySafe?: boolean;
}
