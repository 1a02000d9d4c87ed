export function Logo({ size = 26 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="7" fill="var(--accent)" />
      <path d="M7 21c4-1 6-4 9-9 2 4 5 7 9 8-4 1-7 2-9 5-2-3-5-4-9-4z" fill="var(--surface)" />
    </svg>
  );
}
