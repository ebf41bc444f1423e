/** Neither Temporal nor Postgres knows the campaign (the CLI exits 1). */
export class CampaignNotFoundError extends Error {
  override readonly name = 'CampaignNotFoundError';
  constructor(
    readonly campaign: string,
    where = 'no campaign workflow in Temporal and nothing in Postgres',
  ) {
    super(`no campaign ${JSON.stringify(campaign)}: ${where}`);
  }
}

/** A request that cannot be right whatever the campaign's state: bad id, status or limit (the CLI exits 2). */
export class InvalidRequestError extends Error {
  override readonly name = 'InvalidRequestError';
}
