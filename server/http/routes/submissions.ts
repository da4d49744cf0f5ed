/**
 * POST /submissions: answers one question of an instance. Checking the
 * lock, the attempts left and the solve, then recording the attempt, is one
 * immediate transaction: simultaneous answers cannot burn extra attempts or
 * solve twice.
 */
import { SubmissionRequestSchema, type SubmissionResponse } from '../../../shared/schemas';
import type { QuestionSpec } from '../../runtime/types';
import type { AppContext, RouteDef } from '../context';
import { HttpError, notFound, parseInput, validationError } from '../errors';
import { findInstance, pickCompetition } from '../scope';
import { attemptsRemaining, isSolved, isUnlocked } from '../views';

export const SOLVED_STOP_MESSAGE =
  'Solved: every question was answered correctly, so the instance was stopped.';

function matches(question: QuestionSpec, answer: string): boolean {
  const given = question.case_insensitive ? answer.toLowerCase() : answer;
  return question.answers.some((a) => {
    const accepted = a.trim();
    return (question.case_insensitive ? accepted.toLowerCase() : accepted) === given;
  });
}

export function submissionRoutes(ctx: AppContext): RouteDef[] {
  return [
    {
      method: 'POST',
      path: '/submissions',
      scopedTwin: true,
      handler: async ({ req, caller, scopedCid }): Promise<SubmissionResponse> => {
        const body = parseInput(SubmissionRequestSchema, req.body, 'body');
        const cid = pickCompetition(scopedCid, body.competition_id);
        const { row, team } = findInstance(ctx, caller, body.instance_id, cid);
        const spec = ctx.runtime.catalog.get(row.challenge_id);
        const question = spec?.questions.find((q) => q.id === body.question_id);
        if (!spec || !question) {
          throw notFound(`Question ${body.question_id} not found in ${row.challenge_id}.`);
        }
        const answer = body.answer.trim();
        if (answer === '') throw validationError('body', 'answer', 'The answer is empty.');

        const outcome = ctx.store.db
          .transaction(() => {
            const states = ctx.store.questionStates(team.id, spec.id);
            if (!isUnlocked(spec, states, question.requires)) {
              const missing = question.requires
                .filter((r) => !isSolved(spec, states, r))
                .map((r) => {
                  const q = spec.questions.find((x) => x.id === r);
                  return q?.title ? `${r} (${q.title})` : r;
                });
              throw new HttpError(
                403,
                `Question ${question.id} is locked: solve ${missing.join(' and ')} first.`,
              );
            }
            const state = states.get(question.id);
            if (state?.solved_at != null) {
              const by = state.solved_by ? ctx.store.userById(state.solved_by)?.name : undefined;
              throw new HttpError(
                409,
                `Question ${question.id} was already answered correctly${by ? ` by ${by}` : ''}.`,
              );
            }
            if (attemptsRemaining(question.max_attempts, state) === 0) {
              throw new HttpError(
                429,
                `No attempts left for question ${question.id}: all ${question.max_attempts} were used.`,
              );
            }
            const current = ctx.store.instance(row.id);
            if (!current || current.status !== 'running') {
              throw new HttpError(
                409,
                `The instance is ${current?.status ?? 'gone'}: answers are accepted only while it runs.`,
              );
            }
            const correct = matches(question, answer);
            const lockedBefore = spec.questions.filter(
              (q) => !isUnlocked(spec, states, q.requires),
            );
            ctx.store.recordAttempt({
              teamId: team.id,
              challengeId: spec.id,
              questionId: question.id,
              instanceId: row.id,
              userId: caller.user.id,
              answer: body.answer,
              correct,
              now: Date.now(),
            });
            const after = ctx.store.questionStates(team.id, spec.id);
            return {
              correct,
              remaining: attemptsRemaining(question.max_attempts, after.get(question.id)),
              unlocked: lockedBefore
                .filter((q) => isUnlocked(spec, after, q.requires))
                .map((q) => q.id),
              allSolved: spec.questions.every((q) => isSolved(spec, after, q.id)),
            };
          })
          .immediate();

        if (outcome.correct) {
          ctx.activity?.add({
            teamId: team.id,
            kind: 'question_answered',
            instanceId: row.id,
            challengeId: spec.id,
            actor: caller.user.name,
            questionId: question.id,
            points: question.points ?? null,
          });
        } else if (outcome.remaining === 0) {
          ctx.activity?.add({
            teamId: team.id,
            kind: 'attempts_used_up',
            instanceId: row.id,
            challengeId: spec.id,
            actor: caller.user.name,
            questionId: question.id,
          });
        }

        let instanceStopped = false;
        if (outcome.correct && outcome.allSolved && spec.auto_stop_on_solve) {
          instanceStopped = await ctx.lifecycle.end(row.id, 'stopped', SOLVED_STOP_MESSAGE, {
            wait: true,
            reason: 'solved',
          });
        }
        return {
          correct: outcome.correct,
          question_id: question.id,
          attempts_remaining: outcome.remaining,
          answered_correctly: outcome.correct,
          unlocked: outcome.unlocked,
          instance_stopped: instanceStopped,
        };
      },
    },
  ];
}
