interface TreeNode {
  id: string;
  name: string;
  nameEn: string;
  icon: string;
  children: TreeNode[];
}

export interface CategoryOption {
  id: string;
  label: string;
  labelEn: string;
}

/** The category tree as select options, children indented under their parent. */
export function categoryOptions(nodes: TreeNode[], depth = 0): CategoryOption[] {
  const indent = '　'.repeat(depth);
  return nodes.flatMap((n) => [
    {
      id: n.id,
      label: `${indent}${n.icon ? `${n.icon} ` : ''}${n.name}`,
      labelEn: `${indent}${n.icon ? `${n.icon} ` : ''}${n.nameEn}`,
    },
    ...categoryOptions(n.children, depth + 1),
  ]);
}
