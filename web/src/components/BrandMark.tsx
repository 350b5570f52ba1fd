import { useId } from "react";

export function BrandMark({ size = 32 }: { size?: number }) {
  const gradient = useId();
  return (
    <svg className="brand-mark" width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <defs>
        <linearGradient id={gradient} x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#7E5DFF" />
          <stop offset="1" stopColor="#4DA0FC" />
        </linearGradient>
      </defs>
      <rect width="64" height="64" rx="18" fill={`url(#${gradient})`} />
      <path d="M32 50c0-10-1-17-11-24 8-1 12 4 11 11 1-8 6-14 14-15-6 7-10 15-14 28z" fill="#0B0F1E" opacity="0.9" />
    </svg>
  );
}
