/** Sign-in and the signed-in user with their teams. */
import { z } from '../zod';
import { NullableTimestamp } from './common';

export const UserSchema = z.object({
  id: z.string(),
  name: z.string(),
  display_name: z.nullish(z.string()),
});
export type User = z.infer<typeof UserSchema>;

export const TeamSchema = z.object({
  id: z.string(),
  name: z.string(),
  competition_id: z.string(),
  competition_name: z.nullish(z.string()),
});
export type Team = z.infer<typeof TeamSchema>;

export const MeSchema = z.object({
  user: UserSchema,
  teams: z.array(TeamSchema),
});
export type Me = z.infer<typeof MeSchema>;

export const LoginRequestSchema = z.object({
  username: z.string().check(z.trim(), z.minLength(1, 'username is required'), z.maxLength(200)),
  password: z.string().check(z.minLength(1, 'password is required'), z.maxLength(1000)),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const LoginResponseSchema = z.object({
  token: z.string().check(z.minLength(1)),
  expires_at: NullableTimestamp,
});
export type LoginResponse = z.infer<typeof LoginResponseSchema>;
