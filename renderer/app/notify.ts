/** Notifications with an accessible close button (Mantine's has no name of its own). */
import { notifications, type NotificationData } from '@mantine/notifications';

export function notify(data: NotificationData): void {
  notifications.show({ ...data, closeButtonProps: { 'aria-label': 'Dismiss notification' } });
}
