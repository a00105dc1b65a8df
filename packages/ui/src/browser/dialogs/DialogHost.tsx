import { useSlice, useWorkbench } from '../workbench/context.js';
import { ChoiceDialog } from './ChoiceDialog.js';
import { PromptDialog } from './PromptDialog.js';

/** Shows the first queued dialog over everything else. */
export function DialogHost() {
  const wb = useWorkbench();
  const current = useSlice(wb.dialogs.store, (s) => s.queue[0]);
  if (!current) return null;
  const answer = (value: string | undefined) => wb.dialogs.answer(current.id, value);
  return (
    <div className="dialog-backdrop">
      {current.request.kind === 'choice' ? (
        <ChoiceDialog key={current.id} request={current.request} onAnswer={answer} />
      ) : (
        <PromptDialog key={current.id} request={current.request} onAnswer={answer} />
      )}
    </div>
  );
}
