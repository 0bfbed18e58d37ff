// The local GCS through the official client, signed in with the run's token the way an access token signs requests
// to GCS. (An interceptor, since the client sends no credentials to a custom endpoint by itself: local-gcs README.)
import { Storage } from '@google-cloud/storage';

type RequestOptions = ReturnType<Storage['interceptors'][number]['request']>;

export function openLocalStorage(gcsUrl: string, token: string): Storage {
  const storage = new Storage({ apiEndpoint: gcsUrl, projectId: 'pipes-local' });
  storage.interceptors.push({
    request: (options) => {
      const request = options as RequestOptions;
      request.headers = { ...request.headers, Authorization: `Bearer ${token}` };
      return request;
    },
  });
  return storage;
}
