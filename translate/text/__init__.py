"""Text tools shared by the stages: segmentation, anchors, language id."""
