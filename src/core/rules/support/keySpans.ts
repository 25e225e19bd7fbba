import type { GatewayModel } from '../../gatewayModel';
import type { JsonNode } from '../../jsonTree';
import { valueSpan } from '../../stringOffsets';
import type { Span } from '../ruleTypes';

/** The span of a property's key (findings about a key point there, not at the value). */
export function keySpan(property: JsonNode | undefined): Span {
  const key = property?.children?.[0];
  return key ? valueSpan(key) : { offset: 0, length: 0 };
}

/** Where to report a finding about the gateway as a whole: its key, else the root's opening brace. */
export function gatewayAnchor(model: GatewayModel, root: JsonNode | undefined): Span {
  if (model.gatewayProperty) return keySpan(model.gatewayProperty);
  return root ? { offset: root.offset, length: 1 } : { offset: 0, length: 0 };
}
