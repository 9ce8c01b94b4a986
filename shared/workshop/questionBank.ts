/**
 * The workshop's built-in question bank (PRODUCT.md, "Desktop and workshop"): STRIDE per
 * element, as Microsoft's SDL threat modeling teaches it. Each kind of item is asked only the
 * categories that apply to it — an external entity cannot be tampered with from inside the
 * model, a data flow cannot repudiate — so a workshop does not spend its time on questions that
 * have no answer. Every question carries an example, because "could this be spoofed?" is easier
 * to answer with a concrete case in front of the room.
 */
import type { ElementKind, StrideCategory } from '../model/schema';

/** What the walk visits: an element of one of the three kinds, or a data flow. */
export type WalkKind = ElementKind | 'flow';

/** One prompt for the room, with a concrete case that makes it answerable. */
export interface WorkshopQuestion {
  /** Stable, so a facilitator's notes or a test can refer to it. */
  id: string;
  text: string;
  example: string;
}

/**
 * STRIDE per element: the categories that apply to each kind. Data stores are asked about
 * repudiation because a store that holds logs is where repudiation is won or lost.
 */
export const STRIDE_PER_ELEMENT: Readonly<Record<WalkKind, readonly StrideCategory[]>> = {
  externalEntity: ['Spoofing', 'Repudiation'],
  process: [
    'Spoofing',
    'Tampering',
    'Repudiation',
    'InformationDisclosure',
    'DenialOfService',
    'ElevationOfPrivilege',
  ],
  dataStore: ['Tampering', 'Repudiation', 'InformationDisclosure', 'DenialOfService'],
  flow: ['Tampering', 'InformationDisclosure', 'DenialOfService'],
};

/** Two to four questions per STRIDE category, each with an example. */
export const QUESTION_BANK: Readonly<Record<StrideCategory, readonly WorkshopQuestion[]>> = {
  Spoofing: [
    {
      id: 'S-1',
      text: 'How does this know who is on the other side, and could someone pretend to be them?',
      example: 'A stolen session cookie lets an attacker act as a signed-in customer.',
    },
    {
      id: 'S-2',
      text: 'Which credentials, keys or tokens prove identity here, and where do they live?',
      example: 'An API key committed to a repository lets anyone call the payment service.',
    },
    {
      id: 'S-3',
      text: 'Can the identity be replayed, guessed or reset by someone else?',
      example: 'A password reset link that never expires is forwarded and reused.',
    },
  ],
  Tampering: [
    {
      id: 'T-1',
      text: 'Who can change the data here, in transit or at rest, without being noticed?',
      example: 'A proxy on public Wi-Fi rewrites an unencrypted HTTP response.',
    },
    {
      id: 'T-2',
      text: 'Is every input validated before it changes state or reaches an interpreter?',
      example: 'A search field is concatenated into SQL and drops a table.',
    },
    {
      id: 'T-3',
      text: 'Could code, configuration or dependencies be changed on the way to production?',
      example: 'A compromised npm package adds a script that exfiltrates environment variables.',
    },
  ],
  Repudiation: [
    {
      id: 'R-1',
      text: 'If someone denies an action later, what record proves who did what and when?',
      example: 'A customer disputes an order and there is no log tying it to their account.',
    },
    {
      id: 'R-2',
      text: 'Can the people being audited alter or delete the audit trail?',
      example: 'An administrator clears the access log after exporting customer data.',
    },
  ],
  InformationDisclosure: [
    {
      id: 'I-1',
      text: 'What sensitive data passes through or rests here, and who can read it?',
      example: 'Database backups are stored unencrypted in a world-readable bucket.',
    },
    {
      id: 'I-2',
      text: 'Do errors, logs or responses reveal more than the caller needs?',
      example: 'A stack trace in an API error shows the database host and query.',
    },
    {
      id: 'I-3',
      text: 'Can one user reach another user’s data by changing an identifier?',
      example: 'Changing /invoices/1042 to /invoices/1043 shows someone else’s invoice.',
    },
  ],
  DenialOfService: [
    {
      id: 'D-1',
      text: 'What happens when this receives far more requests or data than expected?',
      example: 'An unthrottled sign-in endpoint is flooded and locks out every customer.',
    },
    {
      id: 'D-2',
      text: 'Which single dependency, if slow or down, takes this down with it?',
      example: 'The checkout waits forever on a payment provider that stopped answering.',
    },
    {
      id: 'D-3',
      text: 'Can one request consume unbounded memory, disk or CPU?',
      example: 'A 2 GB upload fills the disk that the database also writes to.',
    },
  ],
  ElevationOfPrivilege: [
    {
      id: 'E-1',
      text: 'Could a caller make this do something they are not allowed to do themselves?',
      example: 'A customer calls an admin-only endpoint that checks only that they are signed in.',
    },
    {
      id: 'E-2',
      text: 'Does this run with more privilege than it needs, and what would an attacker gain?',
      example: 'A web process running as root turns a file-upload bug into a full takeover.',
    },
    {
      id: 'E-3',
      text: 'Can untrusted input reach code execution (deserialization, templates, shell)?',
      example: 'A crafted JSON payload is deserialized into an object that runs a command.',
    },
  ],
};

/** The categories that apply to a kind, each with its questions, in STRIDE order. */
export function questionsFor(
  kind: WalkKind,
): { category: StrideCategory; questions: readonly WorkshopQuestion[] }[] {
  return STRIDE_PER_ELEMENT[kind].map((category) => ({
    category,
    questions: QUESTION_BANK[category],
  }));
}

/** How the workshop names each kind of item. */
export const WALK_KIND_NAMES: Readonly<Record<WalkKind, string>> = {
  process: 'Process',
  dataStore: 'Data store',
  externalEntity: 'External entity',
  flow: 'Data flow',
};
