export function Skeleton({ height = 180 }: { height?: number }) {
  return (
    <div className="skeleton" style={{ height }} role="progressbar" aria-label="Loading">
      <span className="visually-hidden">Loading…</span>
    </div>
  );
}
