/** Who a request acts as: the token's user, its project and roles. */
export interface Principal {
  readonly userId: string;
  readonly userName: string;
  readonly projectId: string;
  readonly projectName: string;
  readonly roles: readonly string[];
  readonly isAdmin: boolean;
}
