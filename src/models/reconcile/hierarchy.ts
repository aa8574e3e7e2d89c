/**
 * The hierarchy of one direction: traveller categories → port total → land / sea / air → all control points, as the
 * list of its nodes (top first, bottom last) and its summing matrix S (nodes × bottom nodes, row-major).
 */

export type Level = 'all' | 'mode' | 'port' | 'category';

/** One node: an aggregate (all, a mode), a port's total, or one of its categories. */
export interface HierarchyNode {
  level: Level;
  /** The series' port id: the aggregate's id for `all` and `mode` nodes. */
  id: string;
  category: string;
}

/** A port of the hierarchy: its mode's aggregate id and the categories that sum to its total (empty: the total is a leaf). */
export interface HierarchyPort {
  port_id: string;
  mode: string;
  categories: readonly string[];
}

export interface Hierarchy {
  nodes: HierarchyNode[];
  /** Number of bottom nodes (the last `m` of `nodes`). */
  m: number;
  /** Summing matrix, nodes.length × m, row-major: node i is the sum of the bottom nodes j where S[i m + j] = 1. */
  S: Float64Array;
}

/**
 * The hierarchy of `ports` under aggregate `all` (its modes are the ports' `mode` ids, in first-seen order).
 * Example: ports a (mode L, categories x, y) and b (mode L, none) → nodes all, L, a, b, a|x, a|y, b|total.
 */
export function buildHierarchy(all: string, ports: readonly HierarchyPort[], total = 'total'): Hierarchy {
  const modes = [...new Set(ports.map((p) => p.mode))];
  const bottom: { port: string; category: string }[] = [];
  for (const p of ports) {
    if (p.categories.length === 0) bottom.push({ port: p.port_id, category: total });
    else for (const c of p.categories) bottom.push({ port: p.port_id, category: c });
  }
  const m = bottom.length;
  const modeOf = new Map(ports.map((p) => [p.port_id, p.mode]));
  const nodes: HierarchyNode[] = [
    { level: 'all', id: all, category: total },
    ...modes.map((id) => ({ level: 'mode' as const, id, category: total })),
    // A port without categories is its own leaf, so only ports with categories get a row of their own.
    ...ports.filter((p) => p.categories.length > 0).map((p) => ({ level: 'port' as const, id: p.port_id, category: total })),
    ...bottom.map((b) => ({ level: 'category' as const, id: b.port, category: b.category })),
  ];
  const S = new Float64Array(nodes.length * m);
  nodes.forEach((node, i) => {
    bottom.forEach((b, j) => {
      const inside =
        node.level === 'all' ||
        (node.level === 'mode' && modeOf.get(b.port) === node.id) ||
        (node.level === 'port' && b.port === node.id) ||
        (node.level === 'category' && b.port === node.id && b.category === node.category);
      if (inside) S[i * m + j] = 1;
    });
  });
  return { nodes, m, S };
}

/** The coherent values of every node from bottom values b (length m): S b. */
export function sumUp(h: Hierarchy, b: ArrayLike<number>): Float64Array {
  const n = h.nodes.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < h.m; j++) if (h.S[i * h.m + j]) s += b[j]!;
    out[i] = s;
  }
  return out;
}
