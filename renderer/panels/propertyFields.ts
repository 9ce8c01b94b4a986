/**
 * The typed properties the rules read, as the inspector shows them: a label, a hint saying why
 * the fact matters, and its choices. The keys and values are those of shared/model/schema.ts.
 */
import {
  BOUNDARY_KINDS,
  DATA_CLASSIFICATIONS,
  PRIVILEGE_LEVELS,
  type ElementKind,
} from '../../shared/model/schema';

export interface ChoiceField {
  key: string;
  label: string;
  hint: string;
  type: 'choice';
  options: readonly { value: string; label: string }[];
}
export interface TextField {
  key: string;
  label: string;
  hint: string;
  type: 'text';
  maxLength: number;
  placeholder: string;
}
export type PropertyField = ChoiceField | TextField;

const TRI_STATE = [
  { value: 'unknown', label: 'Unknown' },
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
] as const;

const tri = (key: string, label: string, hint: string): ChoiceField => ({
  key,
  label,
  hint,
  type: 'choice',
  options: TRI_STATE,
});

const words = (value: string): string =>
  value.charAt(0).toUpperCase() + value.slice(1).replace(/-/g, ' ');

export const ELEMENT_FIELDS: Readonly<Record<ElementKind, readonly PropertyField[]>> = {
  process: [
    tri(
      'internetFacing',
      'Internet-facing',
      'Reachable from the internet without a gateway in front.',
    ),
    tri('authenticatesCallers', 'Authenticates callers', 'Checks who is calling before acting.'),
    {
      key: 'privilegeLevel',
      label: 'Runs with privileges',
      hint: 'The operating-system or platform privileges it runs with.',
      type: 'choice',
      options: [
        { value: 'unknown', label: 'Unknown' },
        ...PRIVILEGE_LEVELS.map((v) => ({ value: v, label: words(v) })),
      ],
    },
    tri(
      'handlesUntrustedInput',
      'Handles untrusted input',
      'Parses data that an attacker can shape.',
    ),
    {
      key: 'technology',
      label: 'Technology',
      hint: 'Free text, e.g. "Node.js 20" or "nginx".',
      type: 'text',
      maxLength: 200,
      placeholder: 'e.g. Node.js 20',
    },
  ],
  dataStore: [
    tri('encryptedAtRest', 'Encrypted at rest', 'Data on disk is encrypted.'),
    tri('holdsPii', 'Holds personal data', 'Stores personally identifiable information.'),
    tri('holdsCredentials', 'Holds credentials', 'Stores passwords, password hashes or tokens.'),
    tri('holdsSecrets', 'Holds secrets', 'Stores keys or other secrets.'),
    tri('auditLogging', 'Audit logging', 'Access is recorded in an audit log.'),
    tri('backups', 'Backed up', 'Restorable from backups.'),
  ],
  externalEntity: [
    {
      key: 'entityKind',
      label: 'Kind',
      hint: 'A person or another system.',
      type: 'choice',
      options: [
        { value: 'unknown', label: 'Unknown' },
        { value: 'human', label: 'Person' },
        { value: 'system', label: 'System' },
      ],
    },
    tri(
      'trusted',
      'Trusted',
      'Under your control and trusted; untrusted entities are where attacks start.',
    ),
  ],
};

export const FLOW_FIELDS: readonly PropertyField[] = [
  {
    key: 'protocol',
    label: 'Protocol',
    hint: 'Free text, e.g. "HTTPS", "gRPC", "SQL".',
    type: 'text',
    maxLength: 100,
    placeholder: 'e.g. HTTPS',
  },
  tri('encryptedInTransit', 'Encrypted in transit', 'TLS or equivalent on the wire.'),
  tri('authenticated', 'Authenticated', 'The receiver verifies the sender.'),
  {
    key: 'dataClassification',
    label: 'Data classification',
    hint: 'The most sensitive data the flow carries.',
    type: 'choice',
    options: [
      { value: 'unknown', label: 'Unknown' },
      ...DATA_CLASSIFICATIONS.map((v) => ({ value: v, label: words(v) })),
    ],
  },
  tri(
    'carriesCredentials',
    'Carries credentials',
    'Passwords, tokens or session cookies travel on it.',
  ),
];

export const BOUNDARY_KIND_OPTIONS = [
  { value: 'unknown', label: 'Unknown' },
  ...BOUNDARY_KINDS.map((v) => ({ value: v, label: words(v) })),
];
