import type { Plugin } from "vite";

export function measureInitialJs(distDir: string): { files: { file: string; bytes: number; gzipBytes: number }[]; gzipBytes: number };
export function printInitialJsReport(distDir: string, limitKb: number): boolean;
export function reportInitialJsSize(options?: { limitKb?: number }): Plugin;
