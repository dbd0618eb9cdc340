import { randomUUID } from 'node:crypto';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Scorecard, ScorecardRequest, ScorecardSectionInput } from '@switchboard/contracts';
import { scorecardProblems } from '@switchboard/domain';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators.js';
import { returning } from '../common/returning.js';

interface ScorecardRow {
  id: string;
  name: string;
  version: number;
  latest: number;
  sections: ScorecardSectionInput[];
  created_at: Date;
  updated_at: Date;
}

const SELECT = `SELECT s.id, v.name, v.version, s.version AS latest, v.sections, s.created_at, s.updated_at
  FROM qa_scorecards s JOIN qa_scorecard_versions v ON v.scorecard_id = s.id`;

function toScorecard(r: ScorecardRow): Scorecard {
  return {
    id: r.id,
    name: r.name,
    version: r.version,
    latestVersion: r.latest,
    sections: r.sections,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/**
 * Versioned scorecards (CONTRACT.md, Quality): a form is written once per version; editing adds
 * the next version, so an evaluation made with v1 still reads v1 after v2 exists.
 */
@Injectable()
export class ScorecardsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private check(request: ScorecardRequest): void {
    const problems = scorecardProblems(request);
    if (problems.length > 0) throw new BadRequestException(problems);
  }

  async create(actor: AuthUser, request: ScorecardRequest): Promise<Scorecard> {
    this.check(request);
    const id = randomUUID();
    await this.db.transaction(async (m) => {
      await m.query(
        `INSERT INTO qa_scorecards (id, name, version, created_at, updated_at) VALUES ($1, $2, 1, now(), now())`,
        [id, request.name],
      );
      await this.addVersion(m, actor, id, 1, request);
    });
    return (await this.get(id))!;
  }

  /** A new version; the earlier ones stay as they were. */
  async update(actor: AuthUser, id: string, request: ScorecardRequest): Promise<Scorecard> {
    this.check(request);
    await this.db.transaction(async (m) => {
      const [updated] = returning<{ version: number }>(
        await m.query(
          `UPDATE qa_scorecards SET version = version + 1, name = $2, updated_at = now() WHERE id = $1 RETURNING version`,
          [id, request.name],
        ),
      );
      if (!updated) throw new NotFoundException(`scorecard ${id} does not exist`);
      await this.addVersion(m, actor, id, updated.version, request);
    });
    return (await this.get(id))!;
  }

  private async addVersion(m: EntityManager, actor: AuthUser, id: string, version: number, request: ScorecardRequest) {
    await m.query(
      `INSERT INTO qa_scorecard_versions (scorecard_id, version, name, sections, created_at, created_by_id)
       VALUES ($1, $2, $3, $4, now(), $5)`,
      [id, version, request.name, JSON.stringify(request.sections), actor.id],
    );
  }

  /** The newest version of every scorecard, by name. */
  async list(): Promise<Scorecard[]> {
    const rows = (await this.db.query(
      `${SELECT} AND v.version = s.version ORDER BY lower(v.name), s.id`,
    )) as ScorecardRow[];
    return rows.map(toScorecard);
  }

  /** A scorecard as it stood at `version` (the newest when absent), or null. */
  async get(id: string, version?: number, manager: EntityManager = this.db.manager): Promise<Scorecard | null> {
    const [row] = (await manager.query(`${SELECT} AND v.version = coalesce($2, s.version) WHERE s.id = $1`, [
      id,
      version ?? null,
    ])) as ScorecardRow[];
    return row ? toScorecard(row) : null;
  }

  async require(id: string, version?: number, manager?: EntityManager): Promise<Scorecard> {
    const found = await this.get(id, version, manager);
    if (!found) throw new NotFoundException(`scorecard ${id}${version ? ` version ${version}` : ''} does not exist`);
    return found;
  }
}
