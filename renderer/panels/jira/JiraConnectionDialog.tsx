/**
 * "Jira connection": where Gatehouse pushes (Jira Cloud: site, e-mail, API token; Data Center:
 * base URL, personal access token). The token goes to the desktop shell once and is encrypted
 * there; it never comes back, so the field is always empty and saving asks for it again. Where
 * the computer has no keyring (`basic-text`) the dialog says so and does not offer to save.
 */
import {
  Alert,
  Button,
  Group,
  Modal,
  PasswordInput,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import type { JiraConnectionInput, JiraConnectionView } from '../../../shared/ipc/jiraChannels';
import type { DesktopApi } from '../../platform/desktopApi';

type SecretStorage = 'available' | 'basic-text' | 'unavailable';

/** The sentence shown where tokens cannot be kept (main refuses them there as well). */
export const SECRET_STORAGE_EXPLANATIONS: Record<Exclude<SecretStorage, 'available'>, string> = {
  'basic-text':
    'This computer has no keyring, so Gatehouse will not keep a Jira token (it would be stored ' +
    'with a fixed key). Install and unlock GNOME Keyring (gnome-keyring) or KWallet, then ' +
    'restart Gatehouse.',
  unavailable:
    'This computer offers no encrypted storage for secrets, so Gatehouse cannot keep a Jira ' +
    'token. On Linux, install and unlock GNOME Keyring (gnome-keyring) or KWallet.',
};

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong.';
}

export interface JiraConnectionDialogProps {
  desktop: DesktopApi;
  opened: boolean;
  onClose: () => void;
  /** Called after a save or a forget with the connection now stored (or null). */
  onChanged?: (connection: JiraConnectionView | null) => void;
}

/** The connection dialog; it loads the stored connection each time it opens. */
export function JiraConnectionDialog({
  desktop,
  opened,
  onClose,
  onChanged,
}: JiraConnectionDialogProps) {
  const [stored, setStored] = useState<JiraConnectionView | null>(null);
  const [secretStorage, setSecretStorage] = useState<SecretStorage>('available');
  const [kind, setKind] = useState<'cloud' | 'data-center'>('cloud');
  const [address, setAddress] = useState('');
  const [email, setEmail] = useState('');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    if (!opened) return;
    let cancelled = false;
    desktop
      .call('jira:getConnection', {})
      .then((answer) => {
        if (cancelled) return;
        // A fresh start on each opening: no message from last time, never a token.
        setStatus(null);
        setToken('');
        setSecretStorage(answer.secretStorage);
        setStored(answer.connection);
        if (answer.connection?.kind === 'cloud') {
          setKind('cloud');
          setAddress(answer.connection.site);
          setEmail(answer.connection.email);
        } else if (answer.connection?.kind === 'data-center') {
          setKind('data-center');
          setAddress(answer.connection.baseUrl);
        }
      })
      .catch((error: unknown) => {
        if (!cancelled) setStatus({ ok: false, text: messageOf(error) });
      });
    return () => {
      cancelled = true;
    };
  }, [desktop, opened]);

  const canKeepTokens = secretStorage === 'available';
  const complete =
    address.trim() !== '' && token !== '' && (kind === 'data-center' || email.trim() !== '');

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setStatus(null);
    try {
      await action();
    } catch (error) {
      setStatus({ ok: false, text: messageOf(error) });
    } finally {
      setBusy(false);
    }
  };

  const save = () =>
    run(async () => {
      const connection: JiraConnectionInput =
        kind === 'cloud'
          ? { kind, site: address.trim(), email: email.trim(), token }
          : { kind, baseUrl: address.trim(), token };
      const answer = await desktop.call('jira:saveConnection', { connection });
      setStored(answer.connection);
      setToken('');
      setStatus({ ok: true, text: 'Saved. The token is encrypted on this computer.' });
      onChanged?.(answer.connection);
    });

  const test = () =>
    run(async () => {
      const answer = await desktop.call('jira:testConnection', {});
      setStatus({ ok: true, text: `Connected as ${answer.displayName}.` });
    });

  const forget = () =>
    run(async () => {
      await desktop.call('jira:forgetConnection', {});
      setStored(null);
      setStatus({ ok: true, text: 'The connection and its token were removed.' });
      onChanged?.(null);
    });

  return (
    <Modal opened={opened} onClose={onClose} title="Jira connection">
      <Stack>
        {!canKeepTokens && (
          <Alert color="yellow" title="Tokens cannot be kept on this computer">
            {SECRET_STORAGE_EXPLANATIONS[secretStorage as Exclude<SecretStorage, 'available'>]}
          </Alert>
        )}
        <SegmentedControl
          aria-label="Jira edition"
          value={kind}
          onChange={(value) => setKind(value as 'cloud' | 'data-center')}
          data={[
            { value: 'cloud', label: 'Jira Cloud' },
            { value: 'data-center', label: 'Jira Data Center' },
          ]}
        />
        <TextInput
          label={kind === 'cloud' ? 'Site' : 'Base URL'}
          placeholder={
            kind === 'cloud' ? 'https://your-team.atlassian.net' : 'https://jira.example.com'
          }
          value={address}
          onChange={(event) => setAddress(event.currentTarget.value)}
        />
        {kind === 'cloud' && (
          <TextInput
            label="E-mail"
            type="email"
            autoComplete="username"
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
          />
        )}
        <PasswordInput
          label={kind === 'cloud' ? 'API token' : 'Personal access token'}
          description={
            stored?.hasToken
              ? 'A token is stored; it is never shown. Enter it again to save changes.'
              : 'Encrypted by the operating system’s keychain; never shown again.'
          }
          autoComplete="off"
          value={token}
          onChange={(event) => setToken(event.currentTarget.value)}
        />
        {status && (
          <Text role="status" size="sm" c={status.ok ? 'teal' : 'red'}>
            {status.text}
          </Text>
        )}
        <Group justify="space-between">
          <Button
            variant="subtle"
            color="red"
            disabled={busy || stored === null}
            onClick={() => void forget()}
          >
            Forget
          </Button>
          <Group>
            <Button
              variant="default"
              disabled={busy || stored === null}
              onClick={() => void test()}
            >
              Test connection
            </Button>
            <Button disabled={busy || !complete || !canKeepTokens} onClick={() => void save()}>
              Save
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}
