import type { Plugin } from "vite";

export function precompressDir(dist: string): { raw: number; br: number };
export function precompress(): Plugin;
