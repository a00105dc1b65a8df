import { useSlice, useWorkbench } from '../workbench/context.js';

/** Errors and notices, newest last; each one can be dismissed. */
export function NotificationList() {
  const wb = useWorkbench();
  const items = useSlice(wb.notifications.store, (s) => s.items);
  if (items.length === 0) return null;
  return (
    <section className="notifications" aria-label="Notifications">
      {items.map((n) => (
        <div key={n.id} className={`notification notification-${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'} data-testid="notification" data-kind={n.kind}>
          <span className="notification-message">{n.message}</span>
          <button type="button" aria-label="Dismiss notification" onClick={() => wb.notifications.dismiss(n.id)}>
            <span aria-hidden="true">×</span>
          </button>
        </div>
      ))}
    </section>
  );
}
