/** @jsxImportSource hono/jsx */
/** Regulator and administrator pages. */
import type { Hono } from "hono";
import type { WebEnv } from "./session.js";

export function registerOversight(_app: Hono<WebEnv>): void {}
