import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { OpenCaptureFile } from './OpenCaptureFile';

describe('OpenCaptureFile', () => {
  it('hands each chosen file over, the same file again too', async () => {
    const onFile = vi.fn();
    const user = userEvent.setup();
    render(<OpenCaptureFile onFile={onFile} />);
    const input = screen.getByLabelText<HTMLInputElement>('Open a capture file');
    const file = new File(['{"log":{}}'], 'capture.har', { type: 'application/json' });
    await user.upload(input, file);
    expect(onFile).toHaveBeenCalledWith(file);
    expect(input.value).toBe('');
    await user.upload(input, file);
    expect(onFile).toHaveBeenCalledTimes(2);
  });
});
