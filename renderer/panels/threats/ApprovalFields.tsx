/**
 * The three fields of an approval — approver, rationale, expiry — as every approval form asks
 * for them (a threat's acceptance, a rule's suppression): the same bounds, the same latest
 * expiry the policy allows, errors from `approvalForm.ts`.
 */
import { Textarea, TextInput } from '@mantine/core';
import { DEFAULT_POLICY } from '../../../shared/gate/policy';
import { latestExpiry, type ApprovalFormValues } from './approvalForm';

export function ApprovalFields(props: {
  /** Prefix of the labels, e.g. "Suppression " where two forms may show at once. */
  labelPrefix?: string;
  values: ApprovalFormValues;
  errors: Partial<Record<keyof ApprovalFormValues, string>>;
  today: string;
  onChange(field: keyof ApprovalFormValues, value: string): void;
}) {
  const prefix = props.labelPrefix ?? '';
  const label = (text: string) => (prefix ? `${prefix}${text.toLowerCase()}` : text);
  return (
    <>
      <TextInput
        size="xs"
        label={label('Approver')}
        required
        maxLength={200}
        value={props.values.approver}
        error={props.errors.approver}
        onChange={(event) => props.onChange('approver', event.currentTarget.value)}
      />
      <Textarea
        size="xs"
        label={label('Rationale')}
        required
        autosize
        minRows={2}
        maxRows={6}
        maxLength={5000}
        value={props.values.rationale}
        error={props.errors.rationale}
        onChange={(event) => props.onChange('rationale', event.currentTarget.value)}
      />
      <TextInput
        size="xs"
        label={label('Expires on')}
        type="date"
        required
        min={props.today}
        max={latestExpiry(props.today, DEFAULT_POLICY)}
        value={props.values.expires}
        error={props.errors.expires}
        onChange={(event) => props.onChange('expires', event.currentTarget.value)}
      />
    </>
  );
}
