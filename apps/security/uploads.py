"""An upload handler that stops a body over the limit while it streams (chunked requests
carry no Content-Length for the middleware to check)."""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload


class LimitedUploadHandler(FileUploadHandler):
    """Counts the bytes of every file in the request; past ``UPLOAD_MAX_BYTES`` the upload
    stops and the request is marked (``request.upload_too_large``) for the form to say so."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received = getattr(self, "received", 0) + len(raw_data)
        if self.received > settings.UPLOAD_MAX_BYTES:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None
