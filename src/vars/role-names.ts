import type { PlayNode } from '../playbook/model.js';

/**
 * role_names, ansible_role_names, ansible_play_role_names, ansible_dependent_role_names as
 * ansible-core's _get_magic_variables sets them: the play's own roles, and the roles pulled in
 * as dependencies.
 */
export function roleNameVars(play: PlayNode): Record<string, string[]> {
  // A dependency's block is positioned in its parent's meta/main.yml, a play role's in the play.
  const own = [...new Set(play.roles.flatMap((b) => (b.role && b.pos.file === play.pos.file ? [b.role.name] : [])))];
  const dependent = [...new Set(play.roles.flatMap((b) => (b.role && b.pos.file !== play.pos.file ? [b.role.name] : [])))];
  return {
    role_names: own,
    ansible_play_role_names: own,
    ansible_dependent_role_names: dependent,
    ansible_role_names: [...new Set([...dependent, ...own])],
  };
}
