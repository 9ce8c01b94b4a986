/**
 * The catalogue mitigation a threat gets when nobody chose one: threats added by hand without a
 * mitigation, and threats imported from tools whose mitigations are free text. Every threat then
 * has a catalogued mitigation, so it reaches a story (and the gate can see it covered).
 */
import type { StrideCategory } from '../model/schema';

export const DEFAULT_MITIGATION_BY_CATEGORY: Readonly<Record<StrideCategory, string>> = {
  Spoofing: 'M-USER-AUTHENTICATION',
  Tampering: 'M-INPUT-VALIDATION',
  Repudiation: 'M-AUDIT-LOGGING',
  InformationDisclosure: 'M-SENSITIVE-DATA-HANDLING',
  DenialOfService: 'M-RESOURCE-LIMITS',
  ElevationOfPrivilege: 'M-ACCESS-CONTROL',
};
