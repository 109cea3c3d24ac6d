/** The details a tap revealed on a chart (useTapTip.ts): what hovering the mark shows, in the page. */
import { S } from '../../strings';

export function TapTip({ text }: { text: string | null }) {
  return (
    <p className="viz-tip" role="status" hidden={!text}>
      {text && (
        <>
          <span className="sr-only">{S.data.tapped} </span>
          {text}
        </>
      )}
    </p>
  );
}
